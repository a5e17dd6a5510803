import type { Db } from "@/db/client";
import {
  deactivateUsersInBulk,
  planBulkDeactivation,
  planBulkSeatChange,
  setSeatsInBulk,
  type BulkOutcome,
} from "./change-users-in-bulk";

/** What the users list can do to the selected users at once: a seat, or deactivation. */
export const BULK_ACTIONS = ["Contributor", "No Access", "deactivate"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Each action in words, as the activity log names a bulk job. */
export const BULK_ACTION_NAMES: Record<BulkAction, string> = {
  Contributor: "Set Contributor",
  "No Access": "Set No Access",
  deactivate: "Deactivate",
};

export interface BulkActionOptions {
  action: BulkAction;
  userIds: readonly string[];
  now: number;
}

/** What a bulk action would do to each selected user, without saving. */
export async function planBulkAction(db: Db, { action, userIds, now }: BulkActionOptions): Promise<BulkOutcome> {
  return action === "deactivate" ? await planBulkDeactivation(db, userIds) : await planBulkSeatChange(db, userIds, action, now);
}

/** Applies a bulk action user by user; each user gets a result. */
export async function runBulkAction(db: Db, { action, userIds, now, actor }: BulkActionOptions & { actor: string }): Promise<BulkOutcome> {
  return action === "deactivate" ? await deactivateUsersInBulk(db, userIds, actor, now) : await setSeatsInBulk(db, userIds, action, actor, now);
}
