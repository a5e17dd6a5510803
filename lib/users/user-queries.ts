/**
 * Reads of users for the SCIM hot path: fixed SQL text, so each statement is prepared once per
 * connection (the seam's cache, db/client.ts); building SQL per request would cost more than an
 * indexed SQLite lookup.
 */
import { textFor, type Db, type Engine, type SqlParam } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { bothEngines, dialectOf, type Dialect } from "@/db/dialect";
import { users, type User } from "@/db/schema";

/** What SCIM can see: not SCIM-deleted, and no Guests (they exist only in Admin Center). */
export const SCIM_VISIBLE_USERS = "users.scim_deleted_at IS NULL AND users.seat_type <> 'Guest'";

/**
 * The same rule with its index turned off (SQLite's unary +): when the query has another
 * condition (an id, a filter, a group), that condition's index is the one to search, and
 * without statistics the planner would otherwise prefer users_scim_visible_idx.
 */
export const SCIM_VISIBLE_USERS_UNINDEXED = "+users.scim_deleted_at IS NULL AND users.seat_type <> 'Guest'";

/** The WHERE of the whole list (no filter): the engine's Dialect.true. */
const isWholeList = (where: string, engine: Engine): boolean => where === dialectOf(engine).true;

/** Whole-table lists (no filter) walk users_scim_visible_idx; filtered ones their filter's index. */
const visibleFor = (where: string, engine: Engine): string =>
  isWholeList(where, engine) ? SCIM_VISIBLE_USERS : SCIM_VISIBLE_USERS_UNINDEXED;

/** A group a user belongs to, as SCIM and the Admin Center show it. */
export interface UserGroupRef {
  id: string;
  displayName: string;
}

interface RawUser {
  id: string;
  user_name: string;
  user_name_norm: string;
  external_id: string | null;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  name_norm: string | null;
  family_name_norm: string | null;
  email: string | null;
  email_norm: string | null;
  status: User["status"];
  seat_type: User["seatType"];
  seat_set_by: User["seatSetBy"];
  pending_override: number;
  review_started_at: number | null;
  review_ends_at: number | null;
  reactivation_requested_at: number | null;
  deactivated_at: number | null;
  source: User["source"];
  first_sign_in_at: number | null;
  last_sign_in_at: number | null;
  direct_roles: string;
  resource: string;
  scim_deleted_at: number | null;
  scim_linked_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
}

/** A `SELECT *` row of users as a User (lib/directory/list-users.ts); this file selects users$.list. */
export function mapUserRow(r: RawUser): User {
  return {
    id: r.id,
    userName: r.user_name,
    userNameNorm: r.user_name_norm,
    externalId: r.external_id,
    displayName: r.display_name,
    givenName: r.given_name,
    familyName: r.family_name,
    nameNorm: r.name_norm,
    familyNameNorm: r.family_name_norm,
    email: r.email,
    emailNorm: r.email_norm,
    status: r.status,
    seatType: r.seat_type,
    seatSetBy: r.seat_set_by,
    pendingOverride: r.pending_override === 1,
    reviewStartedAt: r.review_started_at,
    reviewEndsAt: r.review_ends_at,
    reactivationRequestedAt: r.reactivation_requested_at,
    deactivatedAt: r.deactivated_at,
    source: r.source,
    firstSignInAt: r.first_sign_in_at,
    lastSignInAt: r.last_sign_in_at,
    directRoles: r.direct_roles,
    resource: JSON.parse(r.resource) as Record<string, unknown>,
    scimDeletedAt: r.scim_deleted_at,
    scimLinkedAt: r.scim_linked_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** RawUser's columns in the order mapUserArray reads them. */
const USER_COLUMNS = [
  "id", "user_name", "user_name_norm", "external_id", "display_name", "given_name", "family_name", "name_norm",
  "family_name_norm", "email", "email_norm", "status", "seat_type", "seat_set_by", "pending_override",
  "review_started_at", "review_ends_at", "reactivation_requested_at", "deactivated_at", "source", "first_sign_in_at",
  "last_sign_in_at", "direct_roles", "resource", "scim_deleted_at", "scim_linked_at", "version", "created_at", "updated_at",
] as const satisfies readonly (keyof RawUser)[];
const USER_COLUMNS_SQL = USER_COLUMNS.map((c) => `users.${c}`).join(", ");

/** mapUserRow for a row read as an array of USER_COLUMNS (a list page: see selectUsers). */
export function mapUserArray(r: unknown[]): User {
  return {
    id: r[0] as string,
    userName: r[1] as string,
    userNameNorm: r[2] as string,
    externalId: r[3] as string | null,
    displayName: r[4] as string | null,
    givenName: r[5] as string | null,
    familyName: r[6] as string | null,
    nameNorm: r[7] as string | null,
    familyNameNorm: r[8] as string | null,
    email: r[9] as string | null,
    emailNorm: r[10] as string | null,
    status: r[11] as User["status"],
    seatType: r[12] as User["seatType"],
    seatSetBy: r[13] as User["seatSetBy"],
    pendingOverride: r[14] === 1,
    reviewStartedAt: r[15] as number | null,
    reviewEndsAt: r[16] as number | null,
    reactivationRequestedAt: r[17] as number | null,
    deactivatedAt: r[18] as number | null,
    source: r[19] as User["source"],
    firstSignInAt: r[20] as number | null,
    lastSignInAt: r[21] as number | null,
    directRoles: r[22] as string,
    resource: JSON.parse(r[23] as string) as Record<string, unknown>,
    scimDeletedAt: r[24] as number | null,
    scimLinkedAt: r[25] as number | null,
    version: r[26] as number,
    createdAt: r[27] as number,
    updatedAt: r[28] as number,
  };
}

/** A whole users row, keyed as User; `users$.map` converts its flag and its JSON. */
export const users$ = columnsOf(users);
const FIND_SCIM_USER = `SELECT ${users$.list} FROM users WHERE id = ? AND ${SCIM_VISIBLE_USERS_UNINDEXED}`;
const FIND_USER_BY_ID = `SELECT ${users$.list} FROM users WHERE id = ?`;
const FIND_USER_BY_USER_NAME = `SELECT ${users$.list} FROM users WHERE user_name_norm = ?`;
const FIND_USER_BY_EMAIL = `SELECT ${users$.list} FROM users WHERE email_norm = ? LIMIT 1`;

/** A user SCIM can see, by id (RFC 7644 §3.4.1). */
export async function findScimUser(db: Db, id: string): Promise<User | undefined> {
  return users$.mapOptional(await db.row(FIND_SCIM_USER, id));
}

/** Any user by id, also deleted or Guest (for the Admin Center and the seat engine). */
export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  return users$.mapOptional(await db.row(FIND_USER_BY_ID, id));
}

export async function findUserByUserName(db: Db, userName: string): Promise<User | undefined> {
  return users$.mapOptional(await db.row(FIND_USER_BY_USER_NAME, userName.toLowerCase()));
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return users$.mapOptional(await db.row(FIND_USER_BY_EMAIL, email.toLowerCase()));
}

export interface UserListQuery {
  where: string;
  params: SqlParam[];
  orderBy: string;
  limit: number;
  offset: number;
}

export async function countUsers(db: Db, where: string, params: SqlParam[]): Promise<number> {
  // The whole list (Okta's import sweep asks on every page): the trigger-kept count
  // (db/schema.ts `counters`) instead of walking 100,000 index entries.
  if (isWholeList(where, db.engine)) {
    const counter = await db.row<{ value: number }>("SELECT value FROM counters WHERE name = 'scim_visible_users'");
    if (counter) return counter.value;
  }
  return (await db.row<{ n: number }>(userCountSql(where, db.engine), ...params))!.n;
}

/** The SQL of a filtered SCIM count and page for `engine` (exported for the benchmark's query plans). */
export const userCountSql = (where: string, engine: Engine): string =>
  `SELECT count(*) AS n FROM users WHERE ${visibleFor(where, engine)} AND (${where})`;
export const userPageSql = (where: string, orderBy: string, withGroups: boolean, engine: Engine): string =>
  `SELECT ${USER_COLUMNS_SQL}${withGroups ? `, ${textFor(GROUPS_JSON, engine)} AS groups_json` : ""} FROM users
    WHERE ${visibleFor(where, engine)} AND (${where}) ORDER BY ${orderBy} ${dialectOf(engine).limitOffset}`;

/**
 * A user's groups as a JSON array of [id, displayName, sort key]. A list reads it in the
 * same statement as its users: Okta's existence check returns the groups, and a second
 * statement a request was a tenth of its time (bench/).
 */
const groupsJsonOf = (d: Dialect, userId: string) => `(SELECT ${d.jsonArrayAgg("g.id", "g.display_name", "g.display_name_norm")}
    FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = ${userId})`;
const GROUPS_JSON = bothEngines((d) => groupsJsonOf(d, "users.id"));

/** Sorted by name here, not by ORDER BY: a user is in a few groups (a temporary B-tree otherwise). */
function parseGroups(json: string): UserGroupRef[] {
  const refs = JSON.parse(json) as [string, string, string][];
  if (refs.length > 1) refs.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  return refs.map(([id, displayName]) => ({ id, displayName }));
}

// A page is read as arrays (db.values): better-sqlite3 builds a row object of 29 named columns
// at about the cost of everything else in the page's select (an in-process A/B on the 100k
// bench database: 2.3 ms objects vs 1.4 ms arrays a page of 100).

export async function selectUsers(db: Db, q: UserListQuery): Promise<User[]> {
  return (await db.values(userPageSql(q.where, q.orderBy, false, db.engine), ...q.params, q.limit, q.offset)).map(mapUserArray);
}

/** A page of users with the groups each is in (the read-only `groups` attribute). */
export async function selectUsersWithGroups(db: Db, q: UserListQuery): Promise<{ user: User; groups: UserGroupRef[] }[]> {
  const rows = await db.values(userPageSql(q.where, q.orderBy, true, db.engine), ...q.params, q.limit, q.offset);
  return rows.map((row) => ({ user: mapUserArray(row), groups: parseGroups(row[USER_COLUMNS.length] as string) }));
}

const GROUPS_OF_USER = bothEngines((d) => `SELECT ${groupsJsonOf(d, "?")} AS groups_json`);

/** One user's groups, for the read-only `groups` attribute of a single resource. */
export async function groupsOfUser(db: Db, userId: string): Promise<UserGroupRef[]> {
  return parseGroups((await db.row<{ groups_json: string }>(GROUPS_OF_USER, userId))!.groups_json);
}
