import { inTransaction, type Db } from "@/db/client";
import { ROLES, type Group, type Role } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findGroupByName } from "@/lib/groups/group-queries";
import { recordActivity } from "../activity/record-activity";
import { summariseChanges, type ReevaluationPreview } from "./preview-reevaluation";
import {
  applySeatDecisions,
  decideSeat,
  isDiEnabled,
  groupGrantsOf,
  toSeatChange,
  type SeatChange,
  type SeatRow,
} from "./sync-user-seats";

export function parseRole(text: string): Role {
  const upper = text.trim().toUpperCase();
  const role = ROLES.find((r) => r === upper);
  if (!role) {
    throw new AppError("invalid", `Unknown role '${text}'. Roles: ${ROLES.join(", ")}.`);
  }
  return role;
}

export async function requireGroup(db: Db, displayName: string): Promise<Group> {
  const group = await findGroupByName(db, displayName);
  if (!group) {
    throw new AppError(
      "not_found",
      `No group named '${displayName}'. Groups come from the identity provider: push the group from Okta first (Push Groups).`,
    );
  }
  return group;
}

const MEMBER_ROWS_SQL = `SELECT u.id, u.user_name, u.display_name, u.status, u.seat_type, u.seat_set_by,
            u.pending_override, u.review_ends_at, u.direct_roles
       FROM group_members gm JOIN users u ON u.id = gm.user_id WHERE gm.group_id = ?`;

async function memberRows(db: Db, groupId: string): Promise<SeatRow[]> {
  return db.rows<SeatRow>(MEMBER_ROWS_SQL, groupId);
}

/**
 * Decides the members' seats as if the group's mapping were `role` (null: unmapped). The
 * mapping row is changed by the caller inside a transaction that is rolled back for a
 * preview, so the engine sees exactly the grants it would after saving.
 */
async function decideMembers(db: Db, group: Group, now: number) {
  const rows = await memberRows(db, group.id);
  const grants = await groupGrantsOf(db, rows.map((r) => r.id));
  const diEnabled = await isDiEnabled(db);
  return rows.map((row) => ({ row, decision: decideSeat(row, grants.get(row.id), diEnabled, now) }));
}

const MAPPING_ROLE_SQL = "SELECT role FROM group_role_mappings WHERE group_id = ?";
const DELETE_MAPPING_SQL = "DELETE FROM group_role_mappings WHERE group_id = ?";
const INSERT_MAPPING_SQL = "INSERT INTO group_role_mappings (group_id, role, mapped_by, mapped_at) VALUES (?, ?, ?, ?)";

async function writeMapping(db: Db, group: Group, role: Role | null, actor: string, now: number): Promise<void> {
  await db.execute(DELETE_MAPPING_SQL, group.id);
  if (role) await db.execute(INSERT_MAPPING_SQL, group.id, role, actor, now);
}

class PreviewRollback extends Error {
  constructor(readonly preview: ReevaluationPreview) {
    super("preview");
  }
}

/** Which members' seats change if `group` is mapped to `role` (or unmapped), without saving. */
export async function previewGroupMapping(db: Db, displayName: string, role: Role | null, now: number): Promise<ReevaluationPreview> {
  const group = await requireGroup(db, displayName);
  try {
    await inTransaction(db, async (tx) => {
      await writeMapping(tx, group, role, "preview", now);
      const decided = await decideMembers(tx, group, now);
      const changes = decided.filter((d) => d.decision.changed).map((d) => toSeatChange(d.row, d.decision));
      throw new PreviewRollback(summariseChanges(changes, decided.length, 20));
    });
  } catch (error) {
    if (error instanceof PreviewRollback) return error.preview;
    throw error;
  }
  throw new Error("unreachable");
}

/**
 * docs/product.md §2.3, way 3: a System Admin maps a pushed group to a role (or removes the mapping);
 * every member is re-synced in the same transaction.
 */
export async function setGroupMapping(
  db: Db,
  displayName: string,
  role: Role | null,
  actor: string,
  now: number,
): Promise<{ group: Group; changes: SeatChange[] }> {
  return inTransaction(db, async (tx) => {
    const group = await requireGroup(tx, displayName);
    const before = await tx.row<{ role: Role }>(MAPPING_ROLE_SQL, group.id);
    if (role === null && !before) {
      throw new AppError("conflict", `The group '${group.displayName}' is not mapped to a role.`);
    }
    await writeMapping(tx, group, role, actor, now);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: role ? "settings.group-mapped" : "settings.group-unmapped",
      groupId: group.id,
      fromValue: before?.role ?? null,
      toValue: role,
      reason: role
        ? `Group '${group.displayName}' mapped to ${role}`
        : `Group '${group.displayName}' no longer grants ${before?.role}`,
    });
    const changes = await applySeatDecisions(tx, await decideMembers(tx, group, now), { kind: "admin", admin: actor }, now);
    return { group, changes };
  });
}
