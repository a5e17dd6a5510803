import { inTransaction, type Db } from "@/db/client";
import type { SeatType, User } from "@/db/schema";
import { listValidatedDomainNames } from "@/lib/domains/validated-domains";
import { AppError } from "@/lib/errors";
import { canBeGuest, checkAdminTransition, checkManualOverride, decodeDirectGrants } from "@/lib/seats";
import { recordActivity } from "../activity/record-activity";
import { requireUser } from "./find-user";
import { groupGrantsOf, isDiEnabled } from "./sync-user-seats";

export interface SeatChangePlan {
  user: User;
  from: SeatType;
  to: SeatType;
  /** DI manages the user and would set another seat: the change is a pending override. */
  pendingOverride: boolean;
  /** What DI sets at the next sync, when it decides this user's seat. */
  diSeat: SeatType | null;
  warning: string | null;
}

/**
 * Checks an admin's seat change without saving it (docs/product.md §3): refuses a transition the
 * Admin Center cannot make with the "where to act" column of docs/product.md §3.3, and says whether DI
 * will replace it at the next sync. The Admin Center shows this before saving.
 */
export async function planSeatChange(db: Db, emailOrId: string, to: SeatType, now: number): Promise<SeatChangePlan> {
  const user = await requireUser(db, emailOrId);
  if (user.status === "deactivated") {
    throw new AppError(
      "conflict",
      `${user.userName} is deactivated and holds no seat. Reactivate them first (with Directory Integration off).`,
    );
  }
  const check = checkAdminTransition(user.seatType, to);
  if (!check.allowed) {
    throw new AppError("forbidden", `${user.seatType} → ${to} cannot be made here (${check.where}): ${check.explanation}`);
  }
  if (to === "Guest" && user.seatType !== "Guest") {
    const guest = canBeGuest(user.email ?? user.userName, await listValidatedDomainNames(db));
    if (!guest.ok) throw new AppError("forbidden", guest.reason);
  }
  const diEnabled = await isDiEnabled(db);
  if (!diEnabled) return { user, from: user.seatType, to, pendingOverride: false, diSeat: null, warning: null };
  const groupGrants = (await groupGrantsOf(db, [user.id])).get(user.id) ?? [];
  const override = checkManualOverride(
    {
      status: user.status,
      currentSeat: user.seatType,
      seatSetBy: user.seatSetBy,
      pendingOverride: user.pendingOverride,
      grants: [...decodeDirectGrants(user.directRoles), ...groupGrants],
      diEnabled,
      reviewEndsAt: user.reviewEndsAt,
      now,
    },
    to,
  );
  return { user, from: user.seatType, to, ...override };
}

const SET_SEAT_SQL = "UPDATE users SET seat_type = ?, seat_set_by = 'admin', pending_override = ?, version = ?, updated_at = ? WHERE id = ?";
// Names the review columns only when the seat leaves a review: each column a SET names rewrites its index entries.
const SET_SEAT_ENDING_REVIEW_SQL = `UPDATE users SET seat_type = ?, seat_set_by = 'admin', pending_override = ?,
    review_started_at = NULL, review_ends_at = NULL, version = ?, updated_at = ? WHERE id = ?`;

/** Saves an admin's seat change (after `planSeatChange` was shown), with its activity entry. */
export async function setUserSeat(db: Db, emailOrId: string, to: SeatType, actor: string, now: number): Promise<SeatChangePlan> {
  return inTransaction(db, async (tx) => {
    const plan = await planSeatChange(tx, emailOrId, to, now);
    if (plan.from === to) return plan;
    const leavesReview = plan.from === "Provisional Member";
    await tx.execute(
      leavesReview ? SET_SEAT_ENDING_REVIEW_SQL : SET_SEAT_SQL,
      to,
      plan.pendingOverride ? 1 : 0,
      plan.user.version + 1,
      now,
      plan.user.id,
    );
    await recordActivity(tx, {
      at: now,
      kind: "seat",
      actor,
      action: plan.pendingOverride ? "seat.override_pending" : "seat.changed",
      userId: plan.user.id,
      fromValue: plan.from,
      toValue: to,
      reason: plan.pendingOverride
        ? `Set by admin ${actor}; pending override: DI will set ${plan.diSeat} at the next sync`
        : `Set by admin ${actor}`,
      details: { cause: "admin", admin: actor, ...(plan.diSeat ? { diSeat: plan.diSeat } : {}) },
    });
    return plan;
  });
}
