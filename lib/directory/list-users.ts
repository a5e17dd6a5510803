import { z } from "zod";
import { LIMIT_OFFSET, prepareCached, type Db } from "@/db/client";
import { SEAT_TYPES, USER_SOURCES, USER_STATUSES, type Role, type SeatType, type User, type UserStatus } from "@/db/schema";
import { mapUserRow } from "@/lib/users/user-queries";
import { effectiveSeatSetter } from "@/lib/seats";
import { isDiEnabled } from "./sync-user-seats";

/**
 * docs/product.md §3.6: active users the IdP provisioned with no role and in no group, who have
 * not signed in yet. They hold a seat (usually Contributor) but stay out of the main list ("not
 * signed in yet"). Only active ones: a user the IdP deleted (or deactivated) before ever signing
 * in is waiting for nothing, and is one of the deactivated users like any other (issue 13: the
 * Deactivated counter counted them while its list hid them).
 */
export const PENDING_USER_SQL = pendingUserSql({ sorted: false });

/**
 * PENDING_USER_SQL for a query: a sorted page turns every column's index off ("+users.") to
 * walk the sort's index; a count searches users_first_sign_in_idx for the users who never
 * signed in (few, once a plan is in use) rather than every SCIM user by source or status.
 */
function pendingUserSql({ sorted }: { sorted: boolean }): string {
  const first = sorted ? "+users." : "users.";
  return `(+users.status = 'active' AND +users.source = 'scim' AND ${first}first_sign_in_at IS NULL
  AND users.direct_roles = '' AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = users.id))`;
}

/** "Not signed in yet" users: left out of the list (the main list), the only ones, or included. */
export const PENDING_MODES = ["exclude", "only", "include"] as const;
export type PendingMode = (typeof PENDING_MODES)[number];

/** The list's sort orders (issue 13), each served by an index (db/schema.ts, migration 0006). */
export const USER_SORTS = ["name", "email", "seat", "status", "source", "firstSignIn", "lastSignIn"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/**
 * Seats from the most paid to none, not alphabetically. The very expression of the index
 * users_seat_rank_idx (db/schema.ts): SQLite uses an expression index only for the same text.
 */
export const SEAT_RANK_SQL =
  "(CASE seat_type WHEN 'Member' THEN 0 WHEN 'Provisional Member' THEN 1 WHEN 'Contributor' THEN 2 WHEN 'Guest' THEN 3 ELSE 4 END)";

const USER_SORT_SQL: Record<UserSort, string> = {
  name: "users.name_norm",
  email: "users.email_norm",
  seat: SEAT_RANK_SQL,
  status: "users.status",
  source: "users.source",
  firstSignIn: "users.first_sign_in_at",
  lastSignIn: "users.last_sign_in_at",
};

/**
 * ORDER BY for a sort: the column, then the rowid (every index ends with it), so ties keep
 * one order from page to page and the index alone gives the order. Missing values (no name,
 * never signed in) come first ascending, last descending.
 */
export function userListOrder(sort: UserSort, dir: SortDirection): string {
  const d = dir === "desc" ? "DESC" : "ASC";
  return `ORDER BY ${USER_SORT_SQL[sort]} ${d}, users.rowid ${d}`;
}

export const listUsersQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  seat: z.enum(SEAT_TYPES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  source: z.enum(USER_SOURCES).optional(),
  /** The "not signed in yet" users; `true`/`false` (the CLI's --pending) mean only/exclude. */
  pending: z
    .union([z.boolean().transform((only): PendingMode => (only ? "only" : "exclude")), z.enum(PENDING_MODES)])
    .default("exclude"),
  pendingOverride: z.boolean().default(false),
  reactivationRequested: z.boolean().default(false),
  sort: z.enum(USER_SORTS).default("email"),
  dir: z.enum(SORT_DIRECTIONS).default("asc"),
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
  const page = userListSql(q);
  const rows = prepareCached(db, `${page.sql} ${LIMIT_OFFSET}`).all(...page.params, q.pageSize, (q.page - 1) * q.pageSize) as Parameters<
    typeof mapUserRow
  >[0][];
  // Counted apart: a window count(*) OVER () would make the page read every match before its first row.
  const total = countUsers(db, q);
  const diEnabled = isDiEnabled(db);
  const users = rows.map((row) => {
    const user = mapUserRow(row);
    return { ...user, seatSetBy: effectiveSeatSetter({ ...user, diEnabled }) };
  });
  return { total, page: q.page, pageSize: q.pageSize, users };
}

/**
 * The SELECT of a sorted list, without LIMIT (a page adds it; the CSV export iterates it).
 * Without a search, the filters' own indexes are turned off (SQLite's unary +) so the planner
 * walks the sort's index and stops after a page; a search keeps its index ranges (MULTI-INDEX
 * OR) and sorts only the matches of its prefix.
 */
export function userListSql(
  q: z.output<typeof listUsersQuerySchema>,
  columns = "*",
): { sql: string; params: unknown[] } {
  const { clause, params } = userListFilter(q, { sorted: !q.search });
  return { sql: `SELECT ${columns} FROM users WHERE ${clause} ${userListOrder(q.sort, q.dir)}`, params };
}

/** A user of a whole-list read, with the roles their mapped groups grant (one statement, no query a row). */
export interface ListedUser {
  user: User;
  groupRoles: { role: Role; group: string }[];
}

const GROUP_ROLES_SQL = `(SELECT json_group_array(json_array(m.role, g.display_name))
   FROM group_members gm JOIN group_role_mappings m ON m.group_id = gm.group_id JOIN groups g ON g.id = gm.group_id
  WHERE gm.user_id = users.id) AS group_roles_json`;

/**
 * Every user of the list `query` describes (its search, filters and sort; paging ignored), one
 * at a time off the SQLite statement, so 100,000 users never sit in memory together (the CSV
 * export). The statement keeps `db` busy until the iteration ends: give it a connection of
 * its own when anything else may use `db` meanwhile.
 */
export function* iterateUsers(db: Db, query: ListUsersQuery): Generator<ListedUser> {
  const q = listUsersQuerySchema.parse(query);
  const { sql, params } = userListSql(q, `users.*, ${GROUP_ROLES_SQL}`);
  const diEnabled = isDiEnabled(db);
  for (const row of db.$client.prepare(sql).iterate(...params) as IterableIterator<
    Parameters<typeof mapUserRow>[0] & { group_roles_json: string }
  >) {
    const user = mapUserRow(row);
    const groupRoles = (JSON.parse(row.group_roles_json) as [Role, string][]).map(([role, group]) => ({ role, group }));
    yield { user: { ...user, seatSetBy: effectiveSeatSetter({ ...user, diEnabled }) }, groupRoles };
  }
}

/** The default order with LIMIT/OFFSET (the benchmark's query plans). */
export const USER_LIST_ORDER = `${userListOrder("email", "asc")} ${LIMIT_OFFSET}`;

/** The WHERE clause of a users-list query (exported for the benchmark's query plans). */
export function userListFilter(
  q: z.output<typeof listUsersQuerySchema>,
  options: { sorted?: boolean } = {},
): { clause: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  // "+column": the same test, but not a reason for the planner to leave the sort's index.
  const col = (name: string) => (options.sorted ? `+users.${name}` : `users.${name}`);
  const pending = pendingUserSql({ sorted: options.sorted === true });
  if (q.pending === "only") where.push(pending);
  else if (q.pending === "exclude") where.push(`NOT ${pending}`);
  if (q.seat) {
    where.push(`${col("seat_type")} = ?`);
    params.push(q.seat);
  }
  if (q.status) {
    where.push(`${col("status")} = ?`);
    params.push(q.status);
  }
  if (q.source) {
    where.push(`${col("source")} = ?`);
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
  return { clause: where.length ? where.map((w) => `(${w})`).join(" AND ") : "1", params };
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

export type UserCounterKey = keyof SeatCounts;

/** The filters of one counter: clicking it shows exactly this list, whose total is its count. */
export interface UserCounterFilter {
  seat?: SeatType;
  status?: UserStatus;
  pending: PendingMode;
}

/**
 * The users page's counters (docs/product.md §7, and the daily seat snapshot), each defined
 * by the list it counts: the count is that list's total, computed by the same WHERE clause
 * (issue 13: the Deactivated counter said 2 while its list showed 1). Seat counters count
 * every active holder of the seat, "not signed in yet" users included, as a seat is a seat.
 */
export const USER_COUNTERS: readonly { key: UserCounterKey; filter: UserCounterFilter }[] = [
  ...SEAT_TYPES.map((seat) => ({ key: seat, filter: { seat, status: "active", pending: "include" } as UserCounterFilter })),
  { key: "deactivated", filter: { status: "deactivated", pending: "include" } },
  { key: "notSignedInYet", filter: { pending: "only" } },
];

export interface UserCounter {
  key: UserCounterKey;
  count: number;
  filter: UserCounterFilter;
}

/** The total of the list `query` describes (its search and filters; paging ignored). */
export function countUsers(db: Db, query: ListUsersQuery): number {
  const q = listUsersQuerySchema.parse(query);
  // The main list is everyone but the users not signed in yet: counting both sets over their
  // indexes is cheaper than testing "not pending" (a group lookup) on every row.
  if (q.pending === "exclude") return countMatching(db, { ...q, pending: "include" }) - countMatching(db, { ...q, pending: "only" });
  return countMatching(db, q);
}

function countMatching(db: Db, q: z.output<typeof listUsersQuerySchema>): number {
  const { clause, params } = userListFilter(q);
  return (prepareCached(db, `SELECT count(*) AS n FROM users WHERE ${clause}`).get(...params) as { n: number }).n;
}

/** Every counter with its count and its filter (each a count over an index range, or the pending check). */
export function listUserCounters(db: Db): UserCounter[] {
  return USER_COUNTERS.map(({ key, filter }) => ({ key, filter, count: countUsers(db, filter) }));
}

/** The counters as one record (the seat snapshot, the Overview). */
export function countSeats(db: Db): SeatCounts {
  return Object.fromEntries(listUserCounters(db).map((c) => [c.key, c.count])) as unknown as SeatCounts;
}
