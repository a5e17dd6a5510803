import { inTransaction, type Db } from "@/db/client";
import type { User } from "@/db/schema";
import { endPlanUserSessions } from "@/lib/sessions/plan-user-sessions";
import { recordActivity } from "../activity/record-activity";
import { admitCountedChanges } from "./mass-change-breaker";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";

export interface DeactivateOptions {
  scimDelete?: boolean;
  /** The user was created by this very request (a create with active:false): not a deactivation the breaker counts. */
  provisioned?: boolean;
  /** An admin released the IdP's held request (decide-held-changes.ts): who asked for it. */
  releasedFrom?: { actor: string };
}

// One fixed statement, prepared once per connection: releasing a held wave deactivates thousands at once.
const DEACTIVATE_SQL = `UPDATE users SET status = 'deactivated', deactivated_at = ?, scim_deleted_at = CASE WHEN ? = 1 THEN ? ELSE scim_deleted_at END,
    version = ?, updated_at = ? WHERE id = ?`;

/**
 * docs/product.md §3: deactivation is immediate. The user cannot sign in, their open sessions end,
 * and their seat is freed (deactivated users count against no seat type). Items they own
 * stay on the plan. Idempotent: deactivating a deactivated user changes nothing.
 *
 * A SCIM deactivation passes the mass-deactivation breaker first (mass-change-breaker.ts): past
 * its threshold the request is held and nothing changes ("held"); otherwise "applied".
 */
export async function deactivateUser(
  db: Db,
  user: User,
  cause: SeatCause,
  now: number,
  options: DeactivateOptions = {},
): Promise<"applied" | "held"> {
  return inTransaction(db, async (tx) => {
    const alreadyDeactivated = user.status === "deactivated";
    if (!alreadyDeactivated && cause.kind === "scim" && !options.provisioned) {
      const kind = options.scimDelete ? "delete" : "deactivate";
      const change = { userId: user.id, kind, from: user.seatType, to: options.scimDelete ? "deleted" : "deactivated", reason: null } as const;
      if ((await admitCountedChanges(tx, cause, [change], now)).length === 0) return "held";
    }
    await tx.execute(DEACTIVATE_SQL, alreadyDeactivated ? user.deactivatedAt : now, options.scimDelete ? 1 : 0, now, user.version + 1, now, user.id);
    if (alreadyDeactivated && !options.scimDelete) return "applied";
    const ended = await endPlanUserSessions(tx, user.id, "deactivated", now);
    const released = options.releasedFrom
      ? ` (the identity provider's request, held by the mass-deactivation breaker, released by ${actorOf(cause)}; asked by ${options.releasedFrom.actor})`
      : "";
    await recordActivity(tx, {
      at: now,
      kind: "user",
      actor: actorOf(cause),
      action: options.scimDelete ? "user.deleted" : "user.deactivated",
      userId: user.id,
      fromValue: alreadyDeactivated ? "deactivated" : user.seatType,
      toValue: "deactivated",
      reason: options.scimDelete
        ? `Deleted by the identity provider: deactivated, ${ended} session(s) ended; the user and their history stay in the Admin Center${released}`
        : `Deactivated${cause.kind === "scim" ? " by the identity provider" : ""}: seat ${user.seatType} freed, ${ended} session(s) ended${released}`,
      details: options.releasedFrom ? { ...causeDetails(cause), released: true, requestedBy: options.releasedFrom.actor } : causeDetails(cause),
    });
    return "applied";
  });
}
