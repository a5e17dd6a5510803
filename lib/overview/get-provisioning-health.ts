import { prepareCached, type Db } from "@/db/client";

/** What the IdP asked for, from a SCIM request's method and path. */
export const REQUEST_KINDS = ["create", "update", "delete", "group", "read", "other", "unauthenticated"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface RequestCounts {
  requests: number;
  failed: number;
}

export interface HealthWindow {
  byKind: Record<RequestKind, RequestCounts>;
  total: RequestCounts;
  /** Deactivations (and SCIM deletions) the IdP made: they arrive as updates, so `byKind.update` counts them too. */
  deactivations: number;
}

export interface TokenLastRequest {
  tokenId: string;
  name: string;
  expiresAt: number | null;
  /** Null when the token was never used. */
  last: { at: number; method: string; path: string; status: number; reason: string | null } | null;
}

export interface ProvisioningHealth {
  day: HealthWindow;
  week: HealthWindow;
  tokens: TokenLastRequest[];
}

const DAY = 86_400_000;

/**
 * A request's kind from its method and the start of its path (`substr(path, 1, 9)` in SQL:
 * enough to tell `/Users`, `/Users/{id}`, `/Users/.search` and `/Groups…` apart, and few
 * distinct values, so SQLite groups on raw columns and the classing runs once a group here,
 * not once a row: per-row CASE expressions cost twice the row reads at 200,000 rows).
 * A request without a valid token is its own kind: it was refused before anything was
 * asked, and a flood of them must not look like the IdP's traffic.
 */
export function kindOfRequest(method: string, path: string, authenticated: boolean): RequestKind {
  if (!authenticated) return "unauthenticated";
  const p = path.toLowerCase();
  const search = p.startsWith("/users/.s") || p.startsWith("/groups/.");
  if (method === "GET" || (method === "POST" && search)) return "read";
  if (p.startsWith("/groups")) return "group";
  if (p === "/users" || p === "/users/") return method === "POST" ? "create" : "other";
  if (p.startsWith("/users/")) {
    if (method === "PUT" || method === "PATCH") return "update";
    if (method === "DELETE") return "delete";
  }
  return "other";
}

// One statement, three index ranges over the last 7 days (@day and @week: when each window starts):
// - requests with a valid token, grouped on raw columns (activity_kind_at_idx, kind 'scim');
// - requests without one, all failures (activity_failed_at_idx): a row the request log folded
//   stands for details.count requests (lib/scim/request-log.ts folds only these), so only
//   these rows pay for json_extract;
// - deactivations and deletions the IdP made (activity_kind_at_idx, kind 'user').
// Counting both windows in one pass (sum(at >= day)) reads each row once.
const COUNTS_SQL = `
  SELECT 'token' AS part, method, substr(path, 1, 9) AS pathStart,
         count(*) AS week, sum(at >= @day) AS day,
         sum(status >= 400) AS weekFailed, sum(status >= 400 AND at >= @day) AS dayFailed
    FROM activity INDEXED BY activity_kind_at_idx
   WHERE kind = 'scim' AND at >= @week AND at <= @now AND token_id IS NOT NULL
   GROUP BY method, substr(path, 1, 9)
  UNION ALL
  SELECT 'anonymous', NULL, NULL, total, day, total, day FROM (
    SELECT coalesce(sum(coalesce(json_extract(details, '$.count'), 1)), 0) AS total,
           coalesce(sum(CASE WHEN at >= @day THEN coalesce(json_extract(details, '$.count'), 1) ELSE 0 END), 0) AS day
      FROM activity INDEXED BY activity_failed_at_idx
     WHERE status >= 400 AND at >= @week AND at <= @now AND kind = 'scim' AND token_id IS NULL)
  UNION ALL
  SELECT 'deactivation', NULL, NULL, count(*), coalesce(sum(at >= @day), 0), 0, 0
    FROM activity INDEXED BY activity_kind_at_idx
   WHERE kind = 'user' AND at >= @week AND at <= @now
     AND action IN ('user.deactivated', 'user.deleted') AND actor LIKE 'SCIM token %'`;

// scim_tokens.last_used_at is the `at` of the token's last request, and that request's
// activity row has the same `at`: an exact point of activity_kind_at_idx, not a scan of the
// token's history (activity has no index on token_id).
const TOKENS_SQL = `
  SELECT t.id AS tokenId, t.name, t.expires_at AS expiresAt,
         (SELECT json_object('at', a.at, 'method', a.method, 'path', a.path, 'status', a.status, 'reason', a.reason)
            FROM activity a INDEXED BY activity_kind_at_idx
           WHERE a.kind = 'scim' AND a.at = t.last_used_at AND a.token_id = t.id
           ORDER BY a.id DESC LIMIT 1) AS last
    FROM scim_tokens t
   WHERE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
   ORDER BY t.created_at, t.id`;

function emptyWindow(): HealthWindow {
  const byKind = Object.fromEntries(REQUEST_KINDS.map((k) => [k, { requests: 0, failed: 0 }])) as Record<
    RequestKind,
    RequestCounts
  >;
  return { byKind, total: { requests: 0, failed: 0 }, deactivations: 0 };
}

/**
 * The Overview's provisioning health (issue 13): SCIM requests and failures over the last
 * 24 hours and 7 days by kind, and the last request of each active token.
 */
export function getProvisioningHealth(db: Db, now: number): ProvisioningHealth {
  const day = emptyWindow();
  const week = emptyWindow();
  const rows = prepareCached(db, COUNTS_SQL).all({ day: now - DAY, week: now - 7 * DAY, now }) as {
    part: "token" | "anonymous" | "deactivation";
    method: string | null;
    pathStart: string | null;
    week: number;
    day: number;
    weekFailed: number;
    dayFailed: number;
  }[];
  for (const row of rows) {
    if (row.part === "deactivation") {
      week.deactivations = row.week;
      day.deactivations = row.day;
      continue;
    }
    const kind = row.part === "anonymous" ? "unauthenticated" : kindOfRequest(row.method ?? "", row.pathStart ?? "", true);
    for (const [window, requests, failed] of [
      [week, row.week, row.weekFailed],
      [day, row.day, row.dayFailed],
    ] as const) {
      window.byKind[kind].requests += requests;
      window.byKind[kind].failed += failed;
      window.total.requests += requests;
      window.total.failed += failed;
    }
  }
  const tokens = (
    prepareCached(db, TOKENS_SQL).all(now) as (Omit<TokenLastRequest, "last"> & { last: string | null })[]
  ).map((t) => ({ ...t, last: t.last === null ? null : (JSON.parse(t.last) as TokenLastRequest["last"]) }));
  return { day, week, tokens };
}
