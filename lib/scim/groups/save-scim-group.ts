/**
 * SCIM Group writes (RFC 7644 §3.3, §3.5): create, replace, patch and delete. Membership
 * goes through applyMemberOps; every member whose membership changed is synced (docs/product.md §3:
 * a group membership change is a sync), in the same transaction.
 */
import type { Db, SqlParam } from "@/db/client";
import type { Group } from "@/db/schema";
import { syncUserSeats } from "@/lib/directory/sync-user-seats";
import { newId } from "@/lib/ids";
import { scimErrors } from "../errors";
import type { MemberOp } from "../patch";
import type { ScimWriteContext } from "../users/save-scim-user";
import { applyMemberOps } from "./apply-member-ops";
import { findGroupByName } from "@/lib/groups/group-queries";

type Json = Record<string, unknown>;

function memberIdsOf(resource: Json): string[] {
  const members = Array.isArray(resource.members) ? (resource.members as Json[]) : [];
  return members.map((m) => String(m.value));
}

async function assertDisplayNameFree(db: Db, displayName: string, selfId?: string): Promise<void> {
  const holder = await findGroupByName(db, displayName);
  if (holder && holder.id !== selfId) {
    throw scimErrors.uniqueness(
      `A group named '${holder.displayName}' already exists (id ${holder.id}); group names are unique, case-insensitively.`,
    );
  }
}

function externalIdOf(resource: Json): string | null {
  return typeof resource.externalId === "string" && resource.externalId !== ""
    ? resource.externalId
    : null;
}

const INSERT_GROUP = `INSERT INTO groups (id, display_name, display_name_norm, external_id, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?)`;

export async function insertScimGroup(
  db: Db,
  resource: Json,
  ctx: ScimWriteContext,
  baseUrl: string,
): Promise<string> {
  const displayName = String(resource.displayName);
  await assertDisplayNameFree(db, displayName);
  const id = newId();
  await db.execute(INSERT_GROUP, id, displayName, displayName.toLowerCase(), externalIdOf(resource), ctx.now, ctx.now);
  const ids = memberIdsOf(resource);
  if (ids.length > 0) {
    const affected = await applyMemberOps(db, id, [{ kind: "add", ids }], baseUrl, ctx.now);
    await syncUserSeats(db, [...affected], ctx.cause, ctx.now);
  }
  return id;
}

/**
 * A group write's UPDATE, by whether it sets the name and the external id: a column left out of
 * the SET keeps its index entries (a membership push names neither).
 */
const UPDATE_GROUP = [false, true].map((name) =>
  [false, true].map(
    (externalId) =>
      `UPDATE groups SET ${name ? "display_name = ?, display_name_norm = ?, " : ""}${externalId ? "external_id = ?, " : ""}version = ?, updated_at = ? WHERE id = ?`,
  ),
);

/**
 * The new state of a group: its attributes (when given) and its membership operations.
 * PUT passes every attribute and `removeAll` + `add`; PATCH passes what it changed.
 */
export async function updateScimGroup(
  db: Db,
  group: Group,
  change: { displayName?: string; externalId?: string | null; memberOps: MemberOp[] },
  ctx: ScimWriteContext,
  baseUrl: string,
): Promise<void> {
  if (change.displayName !== undefined && change.displayName.toLowerCase() !== group.displayNameNorm) {
    await assertDisplayNameFree(db, change.displayName, group.id);
  }
  const affected = await applyMemberOps(db, group.id, change.memberOps, baseUrl, ctx.now);
  const renamed = change.displayName !== undefined && change.displayName !== group.displayName;
  const externalIdChanged = change.externalId !== undefined && change.externalId !== group.externalId;
  // RFC 7644 §3.5.2.1: a change that changes nothing (Okta repeats the group's name with
  // every membership push, lib/scim/fixtures/idp/okta-group-push.json; a member added
  // twice) leaves version and lastModified alone.
  if (!renamed && !externalIdChanged && affected.size === 0) return;
  const params: SqlParam[] = [];
  if (change.displayName !== undefined) params.push(change.displayName, change.displayName.toLowerCase());
  if (change.externalId !== undefined) params.push(change.externalId);
  const sql = UPDATE_GROUP[change.displayName !== undefined ? 1 : 0]![change.externalId !== undefined ? 1 : 0]!;
  await db.execute(sql, ...params, group.version + 1, ctx.now, group.id);
  // A rename changes the reason text of mapped-group seats but never the seat itself, so
  // only members whose membership changed are synced.
  if (affected.size > 0) await syncUserSeats(db, [...affected], ctx.cause, ctx.now);
}

export async function replaceScimGroup(
  db: Db,
  group: Group,
  resource: Json,
  ctx: ScimWriteContext,
  baseUrl: string,
): Promise<void> {
  await updateScimGroup(
    db,
    group,
    {
      displayName: String(resource.displayName),
      externalId: externalIdOf(resource),
      memberOps: [{ kind: "removeAll" }, { kind: "add", ids: memberIdsOf(resource) }],
    },
    ctx,
    baseUrl,
  );
}

/** DELETE removes the group, its memberships and its role mapping; members are re-synced. */
export async function deleteScimGroup(db: Db, group: Group, ctx: ScimWriteContext): Promise<void> {
  const members = (await db.rows<{ user_id: string }>("SELECT user_id FROM group_members WHERE group_id = ?", group.id)).map((r) => r.user_id);
  await db.execute("DELETE FROM groups WHERE id = ?", group.id);
  await syncUserSeats(db, members, ctx.cause, ctx.now);
}
