"use server";

import { z } from "zod";
import { adminContext } from "@/app/_auth/require-admin";
import { ROLES, type Role } from "@/db/schema";
import type { GroupListItem } from "@/lib/directory/list-groups";
import { listGroups } from "@/lib/directory/list-groups";
import { previewGroupMapping, setGroupMapping } from "@/lib/directory/map-group-role";
import { summariseChanges, type ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import type { SeatChange } from "@/lib/directory/sync-user-seats";
import { actionFailure, invalidInput } from "@/app/_server/action-failure";

type Result<T> = ({ ok: true } & T) | { ok: false; error: string };


const searchSchema = z.object({ search: z.string().trim().max(200).optional() });

export async function listGroupsAction(input: unknown): Promise<Result<{ groups: GroupListItem[] }>> {
  const { db } = await adminContext();
  const parsed = searchSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "The search text is too long (200 characters at most)." };
  try {
    return { ok: true, groups: listGroups(db, parsed.data.search || undefined) };
  } catch (error) {
    return actionFailure(error, "Listing groups");
  }
}

const mappingSchema = z.object({
  group: z.string().trim().min(1, "Choose a group.").max(500),
  /** null: remove the mapping. */
  role: z.enum(ROLES, { message: "Choose a role." }).nullable(),
});

/** Which members' seats the mapping (or its removal) would change, without saving. */
export async function previewGroupMappingAction(input: unknown): Promise<Result<{ preview: ReevaluationPreview }>> {
  const { db } = await adminContext();
  const parsed = mappingSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error, "Choose a group and a role.");
  try {
    return { ok: true, preview: previewGroupMapping(db, parsed.data.group, parsed.data.role, Date.now()) };
  } catch (error) {
    return actionFailure(error, "The preview");
  }
}

/** Saves the mapping (or removes it); every member is re-synced at once while DI is on. */
export async function setGroupMappingAction(
  input: unknown,
): Promise<Result<{ group: string; role: Role | null; upgrades: number; downgrades: number; changes: SeatChange[] }>> {
  const { admin, db } = await adminContext();
  const parsed = mappingSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error, "Choose a group and a role.");
  try {
    const { group, changes } = setGroupMapping(db, parsed.data.group, parsed.data.role, admin.email, Date.now());
    // A big group can change thousands of seats: send the counts and the first few.
    const summary = summariseChanges(changes, changes.length, 20);
    return {
      ok: true,
      group: group.displayName,
      role: parsed.data.role,
      upgrades: summary.upgrades,
      downgrades: summary.downgrades,
      changes: summary.changes,
    };
  } catch (error) {
    return actionFailure(error, "Saving the mapping");
  }
}
