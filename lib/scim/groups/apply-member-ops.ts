/**
 * Group membership changes as incremental SQL (RFC 7644 §3.5.2): one statement per
 * operation whatever the group's size, so adding one member to a 50,000-member group
 * never rewrites the group. Returns the users whose membership changed, for the seat sync.
 */
import type { Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import { scimErrors } from "../errors";
import { matchesFilter } from "../filter";
import type { MemberOp } from "../patch";
import { RESOURCE_TYPES } from "../schemas";
import { existingGroupIds, existingUserIds, membersOfGroup } from "@/lib/groups/group-queries";

/** Members must be Users (the Group schema here has no nested groups): say which id is wrong. */
export async function assertMembersAreUsers(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const users = await existingUserIds(db, ids);
  if (users.size === ids.length) return;
  const missing = ids.filter((id) => !users.has(id));
  const groups = await existingGroupIds(db, missing);
  const nested = missing.find((id) => groups.has(id));
  if (nested) {
    throw scimErrors.invalidValue(
      `Member '${nested}' is a Group. Nested groups are not supported: only Users can be members; push the nested group's users instead.`,
    );
  }
  throw scimErrors.invalidValue(
    `No user with id '${missing[0]}'${missing.length > 1 ? ` (and ${missing.length - 1} more unknown ids)` : ""}: create the user before adding it to a group.`,
  );
}

// `WHERE true`: without a WHERE, SQLite would read ON CONFLICT as the join's ON of the SELECT.
const ADD_MEMBERS = bothEngines((d) => `INSERT INTO group_members (group_id, user_id, added_at)
       SELECT ?, value, ${d.typedParam("bigint")} FROM ${d.jsonTextTable("?")} WHERE true
       ON CONFLICT DO NOTHING RETURNING user_id`);
const REMOVE_MEMBERS = bothEngines((d) => `DELETE FROM group_members WHERE group_id = ? AND user_id IN ${d.jsonTextValues("?")}
     RETURNING user_id`);
const REMOVE_ALL_MEMBERS = "DELETE FROM group_members WHERE group_id = ? RETURNING user_id";

async function addMembers(db: Db, groupId: string, ids: string[], now: number): Promise<string[]> {
  const unique = [...new Set(ids)];
  await assertMembersAreUsers(db, unique);
  const inserted = await db.rows<{ user_id: string }>(ADD_MEMBERS, groupId, now, JSON.stringify(unique));
  return inserted.map((r) => r.user_id);
}

async function removeMembers(db: Db, groupId: string, ids: string[]): Promise<string[]> {
  const removed = await db.rows<{ user_id: string }>(REMOVE_MEMBERS, groupId, JSON.stringify(ids));
  return removed.map((r) => r.user_id);
}

async function removeAllMembers(db: Db, groupId: string): Promise<string[]> {
  const removed = await db.rows<{ user_id: string }>(REMOVE_ALL_MEMBERS, groupId);
  return removed.map((r) => r.user_id);
}

export async function applyMemberOps(
  db: Db,
  groupId: string,
  ops: MemberOp[],
  baseUrl: string,
  now: number,
): Promise<Set<string>> {
  const affected = new Set<string>();
  for (const op of ops) {
    let changed: string[];
    switch (op.kind) {
      case "add":
        changed = await addMembers(db, groupId, op.ids, now);
        break;
      case "remove":
        changed = await removeMembers(db, groupId, op.ids);
        break;
      case "removeAll":
        changed = await removeAllMembers(db, groupId);
        break;
      case "removeWhere": {
        // Filters other than `value eq` need each member's attributes; this reads the
        // members of one group (never the users table) and removes the matches.
        const members = RESOURCE_TYPES.Group.schema.attributes.find((a) => a.name === "members")!;
        const ids = (await membersOfGroup(db, groupId))
          .filter((m) =>
            matchesFilter(RESOURCE_TYPES.Group, op.filter, {
              value: m.userId,
              display: m.displayName ?? m.userName,
              type: "User",
              $ref: `${baseUrl}/Users/${m.userId}`,
            }, members),
          )
          .map((m) => m.userId);
        changed = await removeMembers(db, groupId, ids);
        break;
      }
    }
    for (const id of changed) affected.add(id);
  }
  return affected;
}
