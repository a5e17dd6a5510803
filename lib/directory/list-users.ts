import { z } from "zod";
import { inTransaction, LIMIT_OFFSET, textFor, type Db, type EngineSql, type SqlParam } from "@/db/client";
import { bothEngines, dialectOf, type Dialect } from "@/db/dialect";
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
export const PENDING_USER_SQL = bothEngines((d) => pendingUserSql(d, { sorted: false }));

/**
 * PENDING_USER_SQL for a query: a sorted page turns every column's index off ("+users.") to
 * walk the sort's index; a count searches users_first_sign_in_idx for the users who never
 * signed in (few, once a plan is in use) rather than every SCIM user by source or status.
 */
function pendingUserSql(d: Dialect, { sorted }: { sorted: boolean }): string {
  const first = sorted ? d.unindexed("users.first_sign_in_at") : "users.first_sign_in_at";
  return `(${d.unindexed("users.status")} = 'active' AND ${d.unindexed("users.source")} = 'scim' AND ${first} IS NULL
  AND users.direct_roles = '' AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = users.id${d.perRowExists}))`;
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

/** The sorts whose column may be NULL (no name, no email, never signed in). */
const NULLABLE_SORTS: ReadonlySet<UserSort> = new Set(["name", "email", "firstSignIn", "lastSignIn"]);

/**
 * ORDER BY for a sort: the column, then the rowid (every index ends with it), so ties keep
 * one order from page to page and the index alone gives the order. Missing values (no name,
 * never signed in) come first ascending, last descending, as SQLite sorts NULL (PostgreSQL is told:
 * nullsSmallest).
 */
export function userListOrder(sort: UserSort, dir: SortDirection, d: Dialect): string {
  const order = dir === "desc" ? "DESC" : "ASC";
  const nulls = NULLABLE_SORTS.has(sort) ? d.nullsSmallest(order) : "";
  return `ORDER BY ${USER_SORT_SQL[sort]} ${order}${nulls}, ${d.rowid("users")} ${order}`;
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
 * The candidates for "not signed in yet" (PENDING_USER_SQL but the group check): the very
 * text of users_pending_candidate_idx's WHERE (db/schema.ts), so that partial index holds them.
 */
const PENDING_CANDIDATE_SQL = "p.status = 'active' AND p.source = 'scim' AND p.first_sign_in_at IS NULL AND p.direct_roles = ''";

/**
 * The rowids of the users not signed in yet, off users_pending_candidate_idx (covering:
 * it holds every column tested, and the rowid) and the group index. A page leaves them out with `rowid NOT IN (…)`, which SQLite
 * builds once per statement, so the sort's index is walked without reading a row.
 */
export const PENDING_ROWIDS_SQL = bothEngines(
  (d) => `SELECT ${d.rowid("p")} FROM users p${d.indexedBy("users_pending_candidate_idx")}
  WHERE ${PENDING_CANDIDATE_SQL} AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.user_id = p.id${d.perRowExists})`,
);

/**
 * A filter matching at most this share of the users reads its own index and sorts its matches
 * (at most an eighth of the table); a wider one walks the sort's index, testing the filter on
 * the way, and a page stops after a few hundred entries at most.
 */
const NARROW_SHARE = 1 / 8;

/** The parsed query. */
type ListQuery = z.output<typeof listUsersQuerySchema>;

/**
 * The Admin Center's user list and `users list`: server-side filters, sorts and pages over
 * indexes, so any page stays fast at 100,000 users (issue 13). Search is a prefix of the
 * userName, the email, the name (display name, else "given family") or the family name:
 * index ranges SQLite unions (MULTI-INDEX OR). A substring match would read every row.
 * A page past the end is empty, or with `pastEnd: "last"` the last page (the Users screen:
 * a stale link, or the last user of the last page left).
 */
export async function listUsers(db: Db, query: ListUsersQuery, options: ListOptions = {}): Promise<UserPage> {
  const parsed = listUsersQuerySchema.parse(query);
  // One read transaction: the total and the page come from the same snapshot, which the
  // backwards read of a late page relies on.
  return inTransaction(db, (tx) => readList(tx, parsed, options, listReadsOnce(tx)), "deferred");
}

/**
 * listUsers and listUserCounters from one snapshot (the Users screen), the counters and the
 * count of users not signed in yet read once for both: the main list's total is the seat
 * counters less that count, which is also a counter.
 */
export async function listUsersWithCounters(
  db: Db,
  query: ListUsersQuery,
  options: ListOptions = {},
): Promise<UserPage & { counters: UserCounter[] }> {
  const parsed = listUsersQuerySchema.parse(query);
  return inTransaction(
    db,
    async (tx) => {
      const reads = listReadsOnce(tx);
      const page = await readList(tx, parsed, options, reads);
      return { ...page, counters: await countersOf(reads) };
    },
    "deferred",
  );
}

interface ListOptions {
  pastEnd?: "empty" | "last";
}

async function readList(tx: Db, parsed: ListQuery, options: ListOptions, reads: ListReads): Promise<UserPage> {
  const total = await countList(tx, parsed, reads);
  const last = Math.max(1, Math.ceil(total / parsed.pageSize));
  const q = options.pastEnd === "last" && parsed.page > last ? { ...parsed, page: last } : parsed;
  return { total, page: q.page, pageSize: q.pageSize, users: await readPage(tx, q, total, reads) };
}

/** Written per engine: SQLite's bare `rowid` is the benchmarked text (dialect.rowid qualifies it). */
const PAGE_ROWS_SQL: EngineSql = {
  sqlite: "SELECT rowid AS r, * FROM users WHERE rowid IN (SELECT value FROM json_each(?))",
  postgres: `SELECT users.row_seq AS r, * FROM users WHERE users.row_seq IN ${dialectOf("postgres").jsonIntegerValues("?")}`,
};

/**
 * The users of page `q.page`, `total` being the list's count. Two steps (a deferred join): the
 * page's rowids off the sort's index (no row read but for the filters' tests), then those
 * 50 rows. A page in the second half is read from the end in the other direction, so the
 * last page skips as few entries as the first.
 */
async function readPage(db: Db, q: ListQuery, total: number, reads: ListReads): Promise<User[]> {
  const offset = (q.page - 1) * q.pageSize;
  const limit = Math.min(q.pageSize, total - offset);
  if (limit <= 0) return [];
  const backwards = offset + limit / 2 > total / 2;
  const dir: SortDirection = backwards ? (q.dir === "asc" ? "desc" : "asc") : q.dir;
  const { sql, params } = pageRowidsSql(q, isNarrow(q, total, sumUserCounters(await reads.counters(), {})), dir, dialectOf(db.engine));
  const skip = backwards ? total - offset - limit : offset;
  const rowids = (await db.rows<{ r: number }>(`${sql} ${LIMIT_OFFSET}`, ...params, limit, skip)).map((row) => row.r);
  if (backwards) rowids.reverse();
  const rows = await db.rows<Parameters<typeof mapUserRow>[0] & { r: number }>(PAGE_ROWS_SQL, JSON.stringify(rowids));
  const byRowid = new Map(rows.map((row) => [row.r, row]));
  const diEnabled = await isDiEnabled(db);
  return rowids.flatMap((r) => {
    const row = byRowid.get(r);
    if (!row) return [];
    const user = mapUserRow(row);
    return [{ ...user, seatSetBy: effectiveSeatSetter({ ...user, diEnabled }) }];
  });
}

/** The status and source filters, as both the page's and the export's WHERE write them (`col` picks the index hint). */
function pushStatusAndSource(q: ListQuery, col: (name: string) => string, where: string[], params: SqlParam[]): void {
  if (q.status) {
    where.push(`${col("status")} = ?`);
    params.push(q.status);
  }
  if (q.source) {
    where.push(`${col("source")} = ?`);
    params.push(q.source);
  }
}

/**
 * Whether the list's matches are few enough to read off their filter's index and sort: a
 * search, a pending override, a reactivation request always (each has its own index); the
 * other filters and "not signed in yet" when they match at most NARROW_SHARE of `users`.
 */
function isNarrow(q: ListQuery, total: number, users: number): boolean {
  if (q.search || q.pendingOverride || q.reactivationRequested) return true;
  const filtered = q.seat !== undefined || q.status !== undefined || q.source !== undefined || q.pending === "only";
  return filtered && total <= users * NARROW_SHARE;
}

/**
 * The SELECT of a page's rowids in direction `dir`, without LIMIT: `narrow`, off the filter's
 * index with the matches sorted; otherwise along the sort's index (exported for the plans' tests).
 */
export function pageRowidsSql(q: ListQuery, narrow: boolean, dir: SortDirection, d: Dialect): { sql: string; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const rowid = d.rowid("users");
  const pendingRowids = textFor(PENDING_ROWIDS_SQL, d.engine);
  // "+": the same test, but no reason for the planner to leave the sort's index.
  const col = (name: string) => (narrow ? `users.${name}` : d.unindexed(`users.${name}`));
  if (q.pending === "only") where.push(`${narrow ? rowid : d.unindexed(rowid)} IN (${pendingRowids})`);
  else if (q.pending === "exclude") where.push(d.excludeRows(rowid, pendingRowids, pendingUserSql(d, { sorted: !narrow })));
  if (q.seat) {
    // users_seat_idx begins (status, seat_type): without a status, both statuses' ranges.
    where.push(narrow && !q.status ? "users.status IN ('active', 'deactivated') AND users.seat_type = ?" : `${col("seat_type")} = ?`);
    params.push(q.seat);
  }
  pushStatusAndSource(q, col, where, params);
  // Each off its partial index (db/schema.ts), which the planner would not pick by itself.
  if (q.pendingOverride) {
    where.push(`${rowid} IN (SELECT ${d.rowid("o")} FROM users o${d.indexedBy("users_pending_override_idx")} WHERE o.pending_override = 1)`);
  }
  if (q.reactivationRequested) {
    where.push(
      `${rowid} IN (SELECT ${d.rowid("o")} FROM users o${d.indexedBy("users_reactivation_requested_idx")} WHERE o.reactivation_requested_at IS NOT NULL) AND ${d.unindexed("users.status")} = 'deactivated'`,
    );
  }
  if (q.search) {
    const search = searchFilter(q.search);
    where.push(search.clause);
    params.push(...search.params);
  }
  const clause = where.length ? where.map((w) => `(${w})`).join(" AND ") : "TRUE";
  return { sql: `SELECT ${rowid} AS r FROM users WHERE ${clause} ${userListOrder(q.sort, dir, d)}`, params };
}

/** The prefix ranges of a search over SEARCH_COLUMNS. */
function searchFilter(search: string): { clause: string; params: SqlParam[] } {
  const prefix = search.toLowerCase();
  const params: SqlParam[] = [];
  // U+10FFFF sorts after every character (UTF-8 byte order), so [prefix, bound) is "starts with".
  for (let i = 0; i < SEARCH_COLUMNS.length; i++) params.push(prefix, `${prefix}\u{10FFFF}`);
  return { clause: SEARCH_COLUMNS.map((c) => `(users.${c} >= ? AND users.${c} < ?)`).join(" OR "), params };
}

/**
 * The SELECT of a whole sorted list, without LIMIT (the CSV export and the bulk jobs iterate
 * it; a page reads pageRowidsSql instead). Without a search, the filters' own indexes are turned off (SQLite's unary +) so the planner
 * walks the sort's index and stops after a page; a search keeps its index ranges (MULTI-INDEX
 * OR) and sorts only the matches of its prefix.
 */
export function userListSql(
  q: z.output<typeof listUsersQuerySchema>,
  d: Dialect,
  columns = "*",
): { sql: string; params: SqlParam[] } {
  const { clause, params } = userListFilter(q, { sorted: !q.search, dialect: d });
  return { sql: `SELECT ${columns} FROM users WHERE ${clause} ${userListOrder(q.sort, q.dir, d)}`, params };
}

/** A user of a whole-list read, with the roles their mapped groups grant (one statement, no query a row). */
export interface ListedUser {
  user: User;
  groupRoles: { role: Role; group: string }[];
}

const GROUP_ROLES_SQL = bothEngines((d) => `(SELECT ${d.jsonArrayAgg("m.role", "g.display_name")}
   FROM group_members gm JOIN group_role_mappings m ON m.group_id = gm.group_id JOIN groups g ON g.id = gm.group_id
  WHERE gm.user_id = users.id) AS group_roles_json`);

/**
 * Every user of the list `query` describes (its search, filters and sort; paging ignored), one
 * at a time off the statement, so 100,000 users never sit in memory together (the CSV
 * export). The statement keeps `db` busy until the iteration ends: give it a connection of
 * its own when anything else may use `db` meanwhile.
 */
export async function* iterateUsers(db: Db, query: ListUsersQuery): AsyncGenerator<ListedUser> {
  const q = listUsersQuerySchema.parse(query);
  const d = dialectOf(db.engine);
  const { sql, params } = userListSql(q, d, `users.*, ${textFor(GROUP_ROLES_SQL, d.engine)}`);
  const diEnabled = await isDiEnabled(db);
  for await (const row of db.iterate<Parameters<typeof mapUserRow>[0] & { group_roles_json: string }>(sql, ...params)) {
    const user = mapUserRow(row);
    const groupRoles = (JSON.parse(row.group_roles_json) as [Role, string][]).map(([role, group]) => ({ role, group }));
    yield { user: { ...user, seatSetBy: effectiveSeatSetter({ ...user, diEnabled }) }, groupRoles };
  }
}

/** The default order with LIMIT/OFFSET on SQLite (the benchmark's query plans, which are SQLite's). */
export const USER_LIST_ORDER = `${userListOrder("email", "asc", dialectOf("sqlite"))} ${LIMIT_OFFSET}`;

/** The WHERE clause of a users-list query (exported for the benchmark's query plans). */
export function userListFilter(
  q: z.output<typeof listUsersQuerySchema>,
  options: { sorted?: boolean; dialect: Dialect },
): { clause: string; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const d = options.dialect;
  // "+column": the same test, but not a reason for the planner to leave the sort's index.
  const col = (name: string) => (options.sorted ? d.unindexed(`users.${name}`) : `users.${name}`);
  const pending = pendingUserSql(d, { sorted: options.sorted === true });
  if (q.pending === "only") where.push(pending);
  else if (q.pending === "exclude") where.push(`NOT ${pending}`);
  if (q.seat) {
    where.push(`${col("seat_type")} = ?`);
    params.push(q.seat);
  }
  pushStatusAndSource(q, col, where, params);
  if (q.pendingOverride) where.push("users.pending_override = 1");
  if (q.reactivationRequested) where.push("users.reactivation_requested_at IS NOT NULL AND users.status = 'deactivated'");
  if (q.search) {
    const search = searchFilter(q.search);
    where.push(search.clause);
    params.push(...search.params);
  }
  return { clause: where.length ? where.map((w) => `(${w})`).join(" AND ") : "TRUE", params };
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
export async function countUsers(db: Db, query: ListUsersQuery): Promise<number> {
  return countList(db, listUsersQuerySchema.parse(query), listReadsOnce(db));
}

async function countList(db: Db, q: ListQuery, reads: ListReads): Promise<number> {
  if (q.search || q.pendingOverride || q.reactivationRequested) {
    // Narrow sets, each over its own index: counted as the page reads them.
    const { sql, params } = pageRowidsSql(q, true, q.dir, dialectOf(db.engine));
    return (await db.row<{ n: number }>(`SELECT count(*) AS n FROM (${sql}) AS matches`, ...params))!.n;
  }
  if (q.pending === "only") return reads.pending(q);
  // Seat, status and source: the trigger-kept counters (migration 0010), a few rows added up;
  // the main list is those minus the users not signed in yet among them.
  const counted = sumUserCounters(await reads.counters(), q);
  return q.pending === "exclude" ? counted - (await reads.pending(q)) : counted;
}

/** The users not signed in yet under the seat, status and source filters of `q`. */
async function countPending(db: Db, q: ListQuery): Promise<number> {
  const d = dialectOf(db.engine);
  const where: string[] = [];
  const params: SqlParam[] = [];
  for (const [column, value] of [
    ["seat_type", q.seat],
    ["status", q.status],
    ["source", q.source],
  ] as const) {
    if (value === undefined) continue;
    where.push(`AND ${d.unindexed(`p.${column}`)} = ?`);
    params.push(value);
  }
  return (await db.row<{ n: number }>(`SELECT count(*) AS n FROM (${textFor(PENDING_ROWIDS_SQL, d.engine)} ${where.join(" ")}) AS pending`, ...params))!.n;
}

/** The `users:<status>:<seat_type>:<source>` counters (db/schema.ts `counters`), kept by triggers. */
interface UserCounterRow {
  status: string;
  seat: string;
  source: string;
  value: number;
}

const USER_COUNTERS_SQL = "SELECT name, value FROM counters WHERE name >= 'users:' AND name < 'users;'";

/** What one read of the list needs, each read at most once: its count, its page's plan and its counters share them. */
interface ListReads {
  counters(): Promise<UserCounterRow[]>;
  /** countPending of the filters of `q`. */
  pending(q: ListQuery): Promise<number>;
}

function listReadsOnce(db: Db): ListReads {
  let rows: Promise<UserCounterRow[]> | undefined;
  const pending = new Map<string, Promise<number>>();
  return {
    counters: () => (rows ??= readUserCounters(db)),
    pending: (q) => {
      const key = JSON.stringify([q.seat, q.status, q.source]);
      let n = pending.get(key);
      if (!n) pending.set(key, (n = countPending(db, q)));
      return n;
    },
  };
}

async function readUserCounters(db: Db): Promise<UserCounterRow[]> {
  const rows = await db.rows<{ name: string; value: number }>(USER_COUNTERS_SQL);
  return rows.map(({ name, value }) => {
    const [, status = "", seat = "", source = ""] = name.split(":");
    return { status, seat, source, value };
  });
}

function sumUserCounters(rows: readonly UserCounterRow[], f: { seat?: string; status?: string; source?: string }): number {
  let n = 0;
  for (const r of rows) {
    if ((f.seat === undefined || r.seat === f.seat) && (f.status === undefined || r.status === f.status) && (f.source === undefined || r.source === f.source)) {
      n += r.value;
    }
  }
  return n;
}

/** Every counter with its count and its filter: the seat ones off the trigger-kept counters, one read. */
export async function listUserCounters(db: Db): Promise<UserCounter[]> {
  return inTransaction(db, (tx) => countersOf(listReadsOnce(tx)), "deferred");
}

async function countersOf(reads: ListReads): Promise<UserCounter[]> {
  const rows = await reads.counters();
  const counters: UserCounter[] = [];
  for (const { key, filter } of USER_COUNTERS) {
    const count = filter.pending === "only" ? await reads.pending(listUsersQuerySchema.parse(filter)) : sumUserCounters(rows, filter);
    counters.push({ key, filter, count });
  }
  return counters;
}

/** The counters as one record (the seat snapshot, the Overview). */
export async function countSeats(db: Db): Promise<SeatCounts> {
  return Object.fromEntries((await listUserCounters(db)).map((c) => [c.key, c.count])) as unknown as SeatCounts;
}
