import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { COLUMNS, retentionDaysOf, viewOf, type ScimRequestRow, type ScimRequestView } from "./list-user-scim-requests";
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

const SCIM_REQUEST_WITH_BODIES = `SELECT ${COLUMNS}, a.user_id, a.client_address, u.user_name
  FROM activity a LEFT JOIN scim_bodies b ON b.activity_id = a.id LEFT JOIN users u ON u.id = a.user_id
  WHERE a.id = ? AND a.kind = 'scim'`;

/** One SCIM request's activity entry with its kept bodies (issue 14 §3), for the Activity page's "open" and the CLI. */
export async function getScimRequestBodies(db: Db, activityId: number, now: number): Promise<ScimRequestBodies> {
  const row = await db.row<ScimRequestRow & { user_id: string | null; client_address: string | null; user_name: string | null }>(
    SCIM_REQUEST_WITH_BODIES,
    activityId,
  );
  if (!row) {
    throw new AppError("not_found", `No SCIM request #${activityId} in the activity log: it may be past the log's retention.`);
  }
  const retentionDays = await retentionDaysOf(db);
  return {
    ...viewOf(row),
    userId: row.user_id,
    userName: row.user_name,
    clientAddress: row.client_address,
    retentionDays,
    capBytes: SCIM_BODY_CAP_BYTES,
    keptSince: now - retentionDays * DAY_MS,
  };
}
