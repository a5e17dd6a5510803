import { z } from "zod";
import { LIMIT_OFFSET, type Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { SCIM_BODY_CAP_BYTES } from "./scim-body";

/** Ten requests a page: each can show two bodies of up to 8 KiB. */
export const USER_SCIM_REQUESTS_PAGE_SIZE = 10;
/**
 * How long before a create or an update an existence check counts as its own: Okta's check and
 * its create, and Entra's query and its PATCH, are sent back to back (milliseconds apart; a
 * minute covers a retry after a 429 or a 503).
 */
export const LOOKUP_WINDOW_MS = 60_000;
/** Existence checks shown under one request at most (a retried check shows its retries). */
const MAX_LOOKUPS = 3;
const DAY_MS = 86_400_000;

export interface KeptScimBody {
  /** As stored: redacted, and cut at the cap when `truncated` > 0. */
  text: string;
  truncated: number;
}

export interface ScimRequestView {
  id: number;
  at: number;
  method: string | null;
  path: string | null;
  status: number | null;
  durationMs: number | null;
  /** The SCIM token's name, or null for a request without a valid token. */
  token: string | null;
  reason: string | null;
  /** Whether scim_bodies still holds the bodies (false: pruned, or not kept for this entry). */
  kept: boolean;
  request: KeptScimBody | null;
  response: KeptScimBody | null;
  /** For a folded failure: how many identical requests the entry stands for. */
  count: number;
}

export interface UserScimRequest extends ScimRequestView {
  /** The existence checks that preceded this create or update (userName or externalId filter), newest first. */
  lookups: ScimRequestView[];
}

export interface UserScimRequestPage {
  entries: UserScimRequest[];
  total: number;
  page: number;
  pageSize: number;
  /** The plan's scim_body_retention_days: bodies older than this are pruned. */
  retentionDays: number;
  capBytes: number;
  /** Entries older than this had their bodies pruned. */
  keptSince: number;
}

export const listUserScimRequestsSchema = z.object({
  userId: z.string().trim().min(1, "Choose a user.").max(200),
  page: z.number().int().min(1).max(1_000_000).default(1),
});

/** A SCIM entry joined with its kept bodies, as COLUMNS reads it. */
export interface ScimRequestRow {
  id: number;
  at: number;
  method: string | null;
  path: string | null;
  status: number | null;
  duration_ms: number | null;
  reason: string | null;
  details: string | null;
  token_id: string | null;
  kept: number;
  request: string | null;
  response: string | null;
  request_truncated: number | null;
  response_truncated: number | null;
}

export const COLUMNS = `a.id, a.at, a.method, a.path, a.status, a.duration_ms, a.reason, a.details, a.token_id,
  CASE WHEN b.activity_id IS NULL THEN 0 ELSE 1 END AS kept, b.request, b.response, b.request_truncated, b.response_truncated`;

export function viewOf(row: ScimRequestRow): ScimRequestView {
  const details = row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {};
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
  };
}

/** `"value"` as a LIKE pattern, the quotes included: the filter's literal, not a substring of another one. */
function quotedPattern(value: string): string {
  return `%${JSON.stringify(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function retentionDaysOf(db: Db): Promise<number> {
  return (await db.row<{ days: number }>("SELECT scim_body_retention_days AS days FROM plan WHERE id = 1"))?.days ?? 14;
}

const USER_SCIM_REQUESTS = `SELECT ${COLUMNS} FROM activity a LEFT JOIN scim_bodies b ON b.activity_id = a.id
  WHERE a.user_id = ? AND a.kind = 'scim'
  ORDER BY a.at DESC, a.id DESC ${LIMIT_OFFSET}`;
// LIKE: SQLite's ignores ASCII case, as the IdP's userName may differ in case from ours (RFC 7643 §4.1.1).
const LOOKUPS_BEFORE = bothEngines(
  ({ like }) => `SELECT ${COLUMNS} FROM activity a JOIN scim_bodies b ON b.activity_id = a.id
  WHERE a.at >= ? AND a.at <= ? AND a.kind = 'scim' AND a.method = 'GET'
    AND a.token_id IS NOT DISTINCT FROM ? AND lower(a.path) = '/users'
    AND (b.request ${like} ? ESCAPE '\\' OR b.request ${like} ? ESCAPE '\\')
  ORDER BY a.at DESC, a.id DESC LIMIT ?`,
);

/**
 * "What did the IdP send for this person, and what did we answer" (issue 14 §3): the user's SCIM
 * requests, newest first, a page at a time, with their kept bodies. The requests naming the user
 * (by id, and the create that made them) come from activity_user_at_idx. An existence check names
 * nobody in the log (it is not a sync: lib/activity/list-last-synced.ts; and it is the hot path's
 * commonest row, kept off that index), so each create or update lists the checks the same token
 * made for the user's userName or externalId in the minute before it, found by time through
 * activity_at_idx (not by id: a check is buffered and written after the write it preceded) and
 * matched on the kept query string.
 */
export async function listUserScimRequests(
  db: Db,
  input: z.input<typeof listUserScimRequestsSchema>,
  now: number,
): Promise<UserScimRequestPage> {
  const { userId, page } = parseInput(listUserScimRequestsSchema, input);
  const user = await db.row<{ user_name: string; external_id: string | null }>(
    "SELECT user_name, external_id FROM users WHERE id = ?",
    userId,
  );
  if (!user) throw new AppError("not_found", "No such user: it may have been removed. Go back to Users.");
  const pageSize = USER_SCIM_REQUESTS_PAGE_SIZE;
  const { total } = (await db.row<{ total: number }>(
    "SELECT count(*) AS total FROM activity WHERE user_id = ? AND kind = 'scim'",
    userId,
  ))!;
  const rows = await db.rows<ScimRequestRow>(USER_SCIM_REQUESTS, userId, pageSize, (page - 1) * pageSize);

  const byName = quotedPattern(user.user_name);
  const byExternalId = user.external_id === null ? byName : quotedPattern(user.external_id);
  const shown = new Set<number>();
  const entries: UserScimRequest[] = [];
  // Oldest first, so a check is shown under the first request that followed it, not again under later ones.
  for (const row of [...rows].reverse()) {
    const found: ScimRequestView[] = [];
    const isWrite = row.method === "POST" || row.method === "PUT" || row.method === "PATCH";
    if (isWrite && row.kept === 1) {
      const candidates = await db.rows<ScimRequestRow>(
        LOOKUPS_BEFORE,
        row.at - LOOKUP_WINDOW_MS,
        row.at,
        row.token_id,
        byName,
        byExternalId,
        MAX_LOOKUPS,
      );
      for (const candidate of candidates) {
        if (shown.has(candidate.id)) continue;
        shown.add(candidate.id);
        found.push(viewOf(candidate));
      }
    }
    entries.unshift({ ...viewOf(row), lookups: found });
  }
  const retentionDays = await retentionDaysOf(db);
  return {
    entries,
    total,
    page,
    pageSize,
    retentionDays,
    capBytes: SCIM_BODY_CAP_BYTES,
    keptSince: now - retentionDays * DAY_MS,
  };
}
