import type { Db } from "@/db/client";
import { bothEngines, type Dialect } from "@/db/dialect";
import { DI_OFF_REASON_PREFIX } from "./di-off-refusals";

export const HOUR = 3_600_000;

/** One class of SCIM request and how many of them there were (a folded row counts as details.count). */
export interface ScimRequestCount {
  /** `token`: a request with a valid token; `anonymous`: one without; `deactivation`: a deactivation or deletion the IdP made (a `user` entry). */
  part: "token" | "anonymous" | "deactivation";
  method: string;
  /** The path's class: `/users/.s` (search), `/groups/.`, `/groups`, `/users`, `/users/x` (one user) or "" (anything else). */
  pathClass: string;
  failed: boolean;
  /** Refused because Directory Integration is off (lib/overview/di-off-refusals.ts). */
  diOff: boolean;
  requests: number;
}

/*
 * The classing of migration 0011's triggers (activity_hours), as SQL over `activity` for the
 * partial hours at a window's ends. Both must stay the same: count-scim-requests.test.ts
 * compares every window with a count of the rows themselves.
 */
const counted = (d: Dialect) =>
  `(kind = 'scim' OR (kind = 'user' AND action IN ('user.deactivated', 'user.deleted') AND actor ${d.like} 'SCIM token %'))`;
const PART = `CASE WHEN kind = 'user' THEN 'deactivation' WHEN token_id IS NULL THEN 'anonymous' ELSE 'token' END`;
const pathClass = ({ like }: Dialect) => `CASE WHEN path ${like} '/users/.s%' THEN '/users/.s' WHEN path ${like} '/groups/.%' THEN '/groups/.'
  WHEN path ${like} '/groups%' THEN '/groups' WHEN lower(path) IN ('/users', '/users/') THEN '/users'
  WHEN path ${like} '/users/%' THEN '/users/x' ELSE '' END`;
const FAILED = `CASE WHEN status >= 400 THEN 1 ELSE 0 END`;
const diOff = (d: Dialect) => `CASE WHEN status = 403 AND reason ${d.like} '${DI_OFF_REASON_PREFIX}%' THEN 1 ELSE 0 END`;
const weight = (d: Dialect) => `CASE WHEN status >= 400 THEN coalesce(${d.jsonNumber("details", "count")}, 1) ELSE 1 END`;

// The rows of a partial hour: activity_kind_at_idx, two short ranges (kinds 'scim' and 'user').
const edgeSql = (diOffOnly: boolean) =>
  bothEngines(
    (d) => `
  SELECT ${PART} AS part, coalesce(method, '') AS method, ${pathClass(d)} AS "pathClass",
         ${FAILED} AS failed, ${diOff(d)} AS "diOff", sum(${weight(d)}) AS requests
    FROM activity${d.indexedBy("activity_kind_at_idx")}
   WHERE kind IN ('scim', 'user') AND at >= ? AND at < ? AND ${counted(d)}${diOffOnly ? ` AND ${diOff(d)} = 1` : ""}
   GROUP BY 1, 2, 3, 4, 5`,
  );
export const EDGE_SQL = edgeSql(false);
const EDGE_DI_OFF_SQL = edgeSql(true);

// Whole hours: activity_hours' primary key, a range of at most 168 hours of a few dozen rows each.
const hoursSql = (diOffOnly: boolean) => `
  SELECT part, method, path_start AS "pathClass", failed, di_off AS "diOff", sum(requests) AS requests
    FROM activity_hours
   WHERE hour >= ? AND hour < ?${diOffOnly ? " AND di_off = 1" : ""}
   GROUP BY 1, 2, 3, 4, 5`;
export const HOURS_SQL = hoursSql(false);
// The banner's count since DI went off may span months of hours: grouping only the DI-off rows keeps it under a millisecond.
const HOURS_DI_OFF_SQL = hoursSql(true);

type Raw = Omit<ScimRequestCount, "failed" | "diOff"> & { failed: number; diOff: number };

/**
 * The SCIM requests logged in [from, to), by class (issue 13: Overview's provisioning health,
 * its failures warning and the DI-off banner), without reading the window's rows: whole hours
 * come from activity_hours (kept by triggers on activity, migration 0011). A partial hour at
 * either end is its hour's row less the entries outside the window, or the entries inside it,
 * whichever part of the hour is shorter: the current hour (a window ending now) then costs one
 * index step, and a week of a million requests a few hundred rollup rows and at most half an
 * hour of entries. `to` may be Infinity: every entry from `from` on. `diOffOnly`: only the
 * requests refused because DI is off.
 */
export async function countScimRequests(db: Db, from: number, to: number, options: { diOffOnly?: boolean } = {}): Promise<ScimRequestCount[]> {
  if (to <= from) return [];
  // "Until the end of time" as a number every engine binds (PostgreSQL's bigint has no Infinity).
  if (to === Infinity) to = Number.MAX_SAFE_INTEGER;
  const edgeSql = options.diOffOnly ? EDGE_DI_OFF_SQL : EDGE_SQL;
  const hoursSql = options.diOffOnly ? HOURS_DI_OFF_SQL : HOURS_SQL;
  const edge = async (from: number, to: number) => db.rows<Raw>(edgeSql, from, to);
  const hours = async (from: number, to: number) => db.rows<Raw>(hoursSql, from, to);
  const parts: [Raw[], 1 | -1][] = [];
  const firstHour = Math.floor(from / HOUR);
  const lastHour = Math.floor((to - 1) / HOUR);
  if (firstHour === lastHour) {
    const [start, end] = [firstHour * HOUR, (firstHour + 1) * HOUR];
    if (to - from <= HOUR / 2) parts.push([await edge(from, to), 1]);
    else {
      parts.push([await hours(firstHour, firstHour + 1), 1]);
      if (start < from) parts.push([await edge(start, from), -1]);
      if (to < end) parts.push([await edge(to, end), -1]);
    }
  } else {
    // Whole hours firstHour..lastHour, then what lies outside [from, to) at the ends taken off,
    // or the leading hour counted from its entries when less than half of it is inside.
    let wholeFrom = firstHour;
    const leadEnd = (firstHour + 1) * HOUR;
    if (from > firstHour * HOUR) {
      if (leadEnd - from < HOUR / 2) {
        parts.push([await edge(from, leadEnd), 1]);
        wholeFrom = firstHour + 1;
      } else parts.push([await edge(firstHour * HOUR, from), -1]);
    }
    parts.push([await hours(wholeFrom, lastHour + 1), 1]);
    const tailEnd = (lastHour + 1) * HOUR;
    if (Number.isFinite(to) && to < tailEnd) parts.push([await edge(to, tailEnd), -1]);
  }
  const merged = new Map<string, ScimRequestCount>();
  for (const [rows, sign] of parts) {
    for (const r of rows) {
      const key = `${r.part}\u0000${r.method}\u0000${r.pathClass}\u0000${r.failed}\u0000${r.diOff}`;
      const known = merged.get(key);
      if (known) known.requests += sign * r.requests;
      else {
        merged.set(key, {
          part: r.part,
          method: r.method,
          pathClass: r.pathClass,
          failed: r.failed === 1,
          diOff: r.diOff === 1,
          requests: sign * r.requests,
        });
      }
    }
  }
  return [...merged.values()].filter((c) => c.requests !== 0);
}
