import { eq } from "drizzle-orm";
import { inTransaction, type Db } from "@/db/client";
import { users, type User } from "@/db/schema";
import { endPlanUserSessions } from "@/lib/sessions/plan-user-sessions";
import { recordActivity } from "../activity/record-activity";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";

/**
 * docs/product.md §3: deactivation is immediate. The user cannot sign in, their open sessions end,
 * and their seat is freed (deactivated users count against no seat type). Items they own
 * stay on the plan. Idempotent: deactivating a deactivated user changes nothing.
 */
export function deactivateUser(
  db: Db,
  user: User,
  cause: SeatCause,
  now: number,
  options: { scimDelete?: boolean } = {},
): void {
  inTransaction(db, () => {
    const alreadyDeactivated = user.status === "deactivated";
    db.update(users)
      .set({
        status: "deactivated",
        deactivatedAt: alreadyDeactivated ? user.deactivatedAt : now,
        ...(options.scimDelete ? { scimDeletedAt: now } : {}),
        version: user.version + 1,
        updatedAt: now,
      })
      .where(eq(users.id, user.id))
      .run();
    if (alreadyDeactivated && !options.scimDelete) return;
    const ended = endPlanUserSessions(db, user.id, "deactivated", now);
    recordActivity(db, {
      at: now,
      kind: "user",
      actor: actorOf(cause),
      action: options.scimDelete ? "user.deleted" : "user.deactivated",
      userId: user.id,
      fromValue: alreadyDeactivated ? "deactivated" : user.seatType,
      toValue: "deactivated",
      reason: options.scimDelete
        ? `Deleted by the identity provider: deactivated, ${ended} session(s) ended; the user and their history stay in the Admin Center`
        : `Deactivated${cause.kind === "scim" ? " by the identity provider" : ""}: seat ${user.seatType} freed, ${ended} session(s) ended`,
      details: causeDetails(cause),
    });
  });
}
