/**
 * SCIM Group writes (RFC 7644 §3.3, §3.5): create, replace, patch and delete. Membership
 * goes through applyMemberOps; every member whose membership changed is synced (docs/product.md §3:
 * a group membership change is a sync), in the same transaction.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groups, type Group } from "@/db/schema";
import { syncUserSeats } from "@/lib/directory/sync-user-seats";
import { newId } from "@/lib/ids";
import { prepareCached } from "@/db/client";
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

function assertDisplayNameFree(db: Db, displayName: string, selfId?: string): void {
  const holder = findGroupByName(db, displayName);
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

export function insertScimGroup(
  db: Db,
  resource: Json,
  ctx: ScimWriteContext,
  baseUrl: string,
): string {
  const displayName = String(resource.displayName);
  assertDisplayNameFree(db, displayName);
  const id = newId();
  db.insert(groups)
    .values({
      id,
      displayName,
      displayNameNorm: displayName.toLowerCase(),
      externalId: externalIdOf(resource),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .run();
  const ids = memberIdsOf(resource);
  if (ids.length > 0) {
    const affected = applyMemberOps(db, id, [{ kind: "add", ids }], baseUrl, ctx.now);
    syncUserSeats(db, [...affected], ctx.cause, ctx.now);
  }
  return id;
}

/**
 * The new state of a group: its attributes (when given) and its membership operations.
 * PUT passes every attribute and `removeAll` + `add`; PATCH passes what it changed.
 */
export function updateScimGroup(
  db: Db,
  group: Group,
  change: { displayName?: string; externalId?: string | null; memberOps: MemberOp[] },
  ctx: ScimWriteContext,
  baseUrl: string,
): void {
  if (change.displayName !== undefined && change.displayName.toLowerCase() !== group.displayNameNorm) {
    assertDisplayNameFree(db, change.displayName, group.id);
  }
  const affected = applyMemberOps(db, group.id, change.memberOps, baseUrl, ctx.now);
  const renamed = change.displayName !== undefined && change.displayName !== group.displayName;
  const externalIdChanged = change.externalId !== undefined && change.externalId !== group.externalId;
  // RFC 7644 §3.5.2.1: a change that changes nothing (Okta repeats the group's name with
  // every membership push, lib/scim/fixtures/idp/okta-group-push.json; a member added
  // twice) leaves version and lastModified alone.
  if (!renamed && !externalIdChanged && affected.size === 0) return;
  db.update(groups)
    .set({
      ...(change.displayName !== undefined
        ? { displayName: change.displayName, displayNameNorm: change.displayName.toLowerCase() }
        : {}),
      ...(change.externalId !== undefined ? { externalId: change.externalId } : {}),
      version: group.version + 1,
      updatedAt: ctx.now,
    })
    .where(eq(groups.id, group.id))
    .run();
  // A rename changes the reason text of mapped-group seats but never the seat itself, so
  // only members whose membership changed are synced.
  if (affected.size > 0) syncUserSeats(db, [...affected], ctx.cause, ctx.now);
}

export function replaceScimGroup(
  db: Db,
  group: Group,
  resource: Json,
  ctx: ScimWriteContext,
  baseUrl: string,
): void {
  updateScimGroup(
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
export function deleteScimGroup(db: Db, group: Group, ctx: ScimWriteContext): void {
  const members = (
    prepareCached(db, "SELECT user_id FROM group_members WHERE group_id = ?").all(group.id) as {
      user_id: string;
    }[]
  ).map((r) => r.user_id);
  db.delete(groups).where(eq(groups.id, group.id)).run();
  syncUserSeats(db, members, ctx.cause, ctx.now);
}
