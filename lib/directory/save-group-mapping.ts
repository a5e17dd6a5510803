import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import type { SeatChange } from "./sync-user-seats";
import { setGroupMapping } from "./map-group-role";
import { summariseChanges } from "./preview-reevaluation";

export interface SavedGroupMapping {
  group: string;
  role: Role | null;
  upgrades: number;
  downgrades: number;
  /** The first changes, upgrades first. */
  changes: SeatChange[];
}

/** The seat changes a saved mapping reports: a big group can change thousands, so the counts and the first few. */
const REPORTED_CHANGES = 20;

/** Groups screen: maps a group to a role (or removes it, `role: null`) and reports the seats it changed. */
export async function saveGroupMapping(db: Db, options: { group: string; role: Role | null; actor: string; now: number }): Promise<SavedGroupMapping> {
  const { group, changes } = await setGroupMapping(db, options.group, options.role, options.actor, options.now);
  const summary = summariseChanges(changes, changes.length, REPORTED_CHANGES);
  return { group: group.displayName, role: options.role, upgrades: summary.upgrades, downgrades: summary.downgrades, changes: summary.changes };
}
