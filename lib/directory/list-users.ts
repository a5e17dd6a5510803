import { z } from "zod";
import { LIMIT_OFFSET, prepareCached, type Db } from "@/db/client";
import { SEAT_TYPES, USER_SOURCES, USER_STATUSES, type User } from "@/db/schema";
import { mapUserRow } from "@/lib/users/user-queries";
import { effectiveSeatSetter } from "@/lib/seats";
import { isDiEnabled } from "./sync-user-seats";

/**
 * docs/product.md §3: users the IdP provisioned with no role and in no group, who have not signed in
 * yet. They hold a Contributor seat but stay out of the main list ("not signed in yet").
 */
export const PENDING_USER_SQL = `(users.source = 'scim' AND users.first_sign_in_at IS NULL
  AND users.direct_roles = '' AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = users.id))`;

export const listUsersQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  seat: z.enum(SEAT_TYPES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  source: z.enum(USER_SOURCES).optional(),
  /** Only the "not signed in yet" users (otherwise they are left out). */
  pending: z.boolean().default(false),
  pendingOverride: z.boolean().default(false),
  reactivationRequested: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

export type ListUsersQuery = z.input<typeof listUsersQuerySchema>;

export interface UserPage {
  total: number;
  page: number;
  pageSize: number;
  users: User[];
}

/** Columns the search box matches by prefix, each with its own index (db/schema.ts). */
const SEARCH_COLUMNS = ["user_name_norm", "email_norm", "name_norm", "family_name_norm"] as const;

/**
 * The Admin Center's user list and `users list`: server-side filters and pagination over
 * indexes, so it stays fast at 100,000 users. Search is a prefix of the userName, the
 * email, the name (display name, else "given family") or the family name: index ranges
 * SQLite unions (MULTI-INDEX OR). A substring match would read every row (bench: 200 ms
 * a query at 100,000 users).
 */
export function listUsers(db: Db, query: ListUsersQuery): UserPage {
  const q = listUsersQuerySchema.parse(query);
  const { clause, params } = userListFilter(q);
  // One pass: the window count is the total before LIMIT, so the matches are found once.
  const rows = prepareCached(db, `SELECT *, count(*) OVER () AS total FROM users WHERE ${clause} ${USER_LIST_ORDER}`).all(
    ...params,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  ) as (Parameters<typeof mapUserRow>[0] & { total: number })[];
  // A page past the end has no row to carry the total: count on its own.
  const total =
    rows[0]?.total ??
    (prepareCached(db, `SELECT count(*) AS n FROM users WHERE ${clause}`).get(...params) as { n: number }).n;
  const diEnabled = isDiEnabled(db);
  const users = rows.map((row) => {
    const user = mapUserRow(row);
    return { ...user, seatSetBy: effectiveSeatSetter({ ...user, diEnabled }) };
  });
  return { total, page: q.page, pageSize: q.pageSize, users };
}

export const USER_LIST_ORDER = `ORDER BY users.user_name_norm ${LIMIT_OFFSET}`;

/** The WHERE clause of a users-list query (exported for the benchmark's query plans). */
export function userListFilter(q: z.output<typeof listUsersQuerySchema>): { clause: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  // A reactivation request concerns a deactivated user, whether or not they ever signed in.
  if (!q.reactivationRequested) where.push(q.pending ? PENDING_USER_SQL : `NOT ${PENDING_USER_SQL}`);
  if (q.seat) {
    where.push("users.seat_type = ?");
    params.push(q.seat);
  }
  if (q.status) {
    where.push("users.status = ?");
    params.push(q.status);
  }
  if (q.source) {
    where.push("users.source = ?");
    params.push(q.source);
  }
  if (q.pendingOverride) where.push("users.pending_override = 1");
  if (q.reactivationRequested) where.push("users.reactivation_requested_at IS NOT NULL AND users.status = 'deactivated'");
  if (q.search) {
    const prefix = q.search.toLowerCase();
    where.push(SEARCH_COLUMNS.map((c) => `(users.${c} >= ? AND users.${c} < ?)`).join(" OR "));
    // U+10FFFF sorts after every character (UTF-8 byte order), so [prefix, bound) is "starts with".
    for (let i = 0; i < SEARCH_COLUMNS.length; i++) params.push(prefix, `${prefix}\u{10FFFF}`);
  }
  return { clause: where.map((w) => `(${w})`).join(" AND "), params };
}

export interface SeatCounts {
  Member: number;
  "Provisional Member": number;
  Contributor: number;
  Guest: number;
  "No Access": number;
  deactivated: number;
  notSignedInYet: number;
}

/** Seat counters (docs/product.md §7, the users page and the overview): active users by seat. */
export function countSeats(db: Db): SeatCounts {
  const counts: SeatCounts = {
    Member: 0,
    "Provisional Member": 0,
    Contributor: 0,
    Guest: 0,
    "No Access": 0,
    deactivated: 0,
    notSignedInYet: 0,
  };
  const rows = prepareCached(
    db,
    "SELECT status, seat_type AS seat, count(*) AS n FROM users GROUP BY status, seat_type",
  ).all() as { status: string; seat: keyof SeatCounts; n: number }[];
  for (const r of rows) {
    if (r.status === "deactivated") counts.deactivated += r.n;
    else counts[r.seat] += r.n;
  }
  counts.notSignedInYet = (
    prepareCached(db, `SELECT count(*) AS n FROM users WHERE users.status = 'active' AND ${PENDING_USER_SQL}`).get() as {
      n: number;
    }
  ).n;
  return counts;
}
