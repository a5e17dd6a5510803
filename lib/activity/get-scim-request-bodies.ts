import { prepareCached, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { retentionDaysOf, type ScimRequestView } from "./list-user-scim-requests";
import { SCIM_BODY_CAP_BYTES } from "./scim-body";

const DAY_MS = 86_400_000;

export interface ScimRequestBodies extends ScimRequestView {
  userId: string | null;
  userName: string | null;
  clientAddress: string | null;
  retentionDays: number;
  capBytes: number;
  keptSince: number;
}

/** One SCIM request's activity entry with its kept bodies (issue 14 §3), for the Activity page's "open" and the CLI. */
export function getScimRequestBodies(db: Db, activityId: number, now: number): ScimRequestBodies {
  const row = prepareCached(
    db,
    `SELECT a.id, a.at, a.method, a.path, a.status, a.duration_ms, a.reason, a.details, a.user_id,
        a.client_address, u.user_name, b.activity_id IS NOT NULL AS kept, b.request, b.response,
        b.request_truncated, b.response_truncated
      FROM activity a LEFT JOIN scim_bodies b ON b.activity_id = a.id LEFT JOIN users u ON u.id = a.user_id
      WHERE a.id = ? AND a.kind = 'scim'`,
  ).get(activityId) as
    | {
        id: number;
        at: number;
        method: string | null;
        path: string | null;
        status: number | null;
        duration_ms: number | null;
        reason: string | null;
        details: string | null;
        user_id: string | null;
        client_address: string | null;
        user_name: string | null;
        kept: number;
        request: string | null;
        response: string | null;
        request_truncated: number | null;
        response_truncated: number | null;
      }
    | undefined;
  if (!row) {
    throw new AppError("not_found", `No SCIM request #${activityId} in the activity log: it may be past the log's retention.`);
  }
  const details = row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {};
  const retentionDays = retentionDaysOf(db);
  return {
    id: row.id,
    at: row.at,
    method: row.method,
    path: row.path,
    status: row.status,
    durationMs: row.duration_ms,
    token: typeof details.token === "string" ? details.token : null,
    reason: row.reason,
    kept: row.kept === 1,
    request: row.request === null ? null : { text: row.request, truncated: row.request_truncated ?? 0 },
    response: row.response === null ? null : { text: row.response, truncated: row.response_truncated ?? 0 },
    count: typeof details.count === "number" ? details.count : 1,
    userId: row.user_id,
    userName: row.user_name,
    clientAddress: row.client_address,
    retentionDays,
    capBytes: SCIM_BODY_CAP_BYTES,
    keptSince: now - retentionDays * DAY_MS,
  };
}
