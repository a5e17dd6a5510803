import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { recordActivity } from "../activity/record-activity";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";

const REQUEST_REACTIVATION_SQL = "UPDATE users SET reactivation_requested_at = ? WHERE id = ?";

/**
 * docs/product.md §3: DI does not reactivate. An IdP's active:true for a deactivated user is
 * recorded (the Admin Center shows the request) and nothing else changes; a System Admin
 * reactivates with DI off. Repeated requests keep the first request time.
 */
export async function requestReactivation(db: Db, user: User, cause: SeatCause, now: number): Promise<void> {
  if (user.reactivationRequestedAt != null) return;
  await db.execute(REQUEST_REACTIVATION_SQL, now, user.id);
  await recordActivity(db, {
    at: now,
    kind: "user",
    actor: actorOf(cause),
    action: "user.reactivation_requested",
    userId: user.id,
    fromValue: "deactivated",
    toValue: "active (requested)",
    reason:
      "The identity provider asked to reactivate this user. Directory Integration does not reactivate users: a System Admin turns DI off, reactivates the user, then turns DI on.",
    details: causeDetails(cause),
  });
}
