/** Reads of groups and memberships for SCIM: fixed SQL text, as in user-queries.ts. */
import type { Db, SqlParam } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { bothEngines } from "@/db/dialect";
import { groups, type Group } from "@/db/schema";
import { SCIM_VISIBLE_USERS_UNINDEXED } from "@/lib/users/user-queries";

// groups has no flag or JSON column: rows come keyed as Group, with nothing to convert.
const groups$ = columnsOf(groups);
const FIND_GROUP = `SELECT ${groups$.list} FROM groups WHERE id = ?`;
const FIND_GROUP_BY_NAME = `SELECT ${groups$.list} FROM groups WHERE display_name_norm = ?`;

export async function findGroup(db: Db, id: string): Promise<Group | undefined> {
  return db.row<Group>(FIND_GROUP, id);
}

export async function findGroupByName(db: Db, displayName: string): Promise<Group | undefined> {
  return db.row<Group>(FIND_GROUP_BY_NAME, displayName.toLowerCase());
}

export async function countGroups(db: Db, where: string, params: SqlParam[]): Promise<number> {
  return (await db.row<{ n: number }>(`SELECT count(*) AS n FROM groups WHERE ${where}`, ...params))!.n;
}

export async function selectGroups(
  db: Db,
  q: { where: string; params: SqlParam[]; orderBy: string; limit: number; offset: number },
): Promise<Group[]> {
  return db.rows<Group>(
    `SELECT ${groups$.list} FROM groups WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`,
    ...q.params,
    q.limit,
    q.offset,
  );
}

export interface MemberRef {
  userId: string;
  displayName: string | null;
  userName: string;
}

const MEMBERS_OF_GROUP = bothEngines((d) => `SELECT users.id AS "userId", users.display_name AS "displayName", users.user_name AS "userName"
       FROM group_members gm JOIN users ON users.id = gm.user_id
      WHERE gm.group_id = ? AND ${SCIM_VISIBLE_USERS_UNINDEXED} ORDER BY ${d.rowid("gm")}`);

/**
 * The members SCIM can see. A user the IdP deleted keeps its memberships (the Admin
 * Center keeps the user and its history, docs/product.md §3) but answers 404, so it is not listed.
 */
export async function membersOfGroup(db: Db, groupId: string): Promise<MemberRef[]> {
  return db.rows<MemberRef>(MEMBERS_OF_GROUP, groupId);
}

/** Of the given ids, those that are users the IdP can see (members must be Users). */
/**
 * SCIM_VISIBLE_USERS_UNINDEXED: the ids are the index to search. With the plain condition
 * SQLite walked users_scim_visible_idx over every user instead (bench: 107 ms to add one
 * member at 100,000 users).
 */
const EXISTING_USER_IDS = bothEngines((d) => `SELECT id FROM users WHERE id IN ${d.jsonTextValues("?")} AND ${SCIM_VISIBLE_USERS_UNINDEXED}`);
/** SQLite's text, for the benchmark's query plans. */
export const EXISTING_USER_IDS_SQL = EXISTING_USER_IDS.sqlite;

export async function existingUserIds(db: Db, ids: string[]): Promise<Set<string>> {
  const rows = await db.rows<{ id: string }>(EXISTING_USER_IDS, JSON.stringify(ids));
  return new Set(rows.map((r) => r.id));
}

const EXISTING_GROUP_IDS_SQL = bothEngines((d) => `SELECT id FROM groups WHERE id IN ${d.jsonTextValues("?")}`);

export async function existingGroupIds(db: Db, ids: string[]): Promise<Set<string>> {
  const rows = await db.rows<{ id: string }>(EXISTING_GROUP_IDS_SQL, JSON.stringify(ids));
  return new Set(rows.map((r) => r.id));
}
