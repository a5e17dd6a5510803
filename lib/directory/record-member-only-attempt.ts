import { inTransaction, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { requirePlan } from "@/lib/plan/get-plan";
import { onMemberOnlyAttempt, startReview } from "@/lib/seats";
import { findUserById } from "@/lib/users/user-queries";
import { recordActivity } from "../activity/record-activity";
import { formatDay } from "@/lib/format-time";

export interface MemberOnlyAttemptResult {
  becameProvisional: boolean;
  reason: string;
  reviewEndsAt: number | null;
}

const START_REVIEW_SQL = `UPDATE users SET seat_type = 'Provisional Member', seat_set_by = 'system', pending_override = 0,
    review_started_at = ?, review_ends_at = ?, version = ?, updated_at = ? WHERE id = ?`;

/**
 * The product event of docs/product.md §4: a plan user attempted a Member-only action. The end-user
 * side calls this; with the plan's auto-upgrade on, a Contributor becomes a Provisional
 * Member for the review period. It is system-triggered, never an admin action.
 */
export async function recordMemberOnlyAttempt(db: Db, userId: string, action: string, now: number): Promise<MemberOnlyAttemptResult> {
  return inTransaction(db, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new AppError("not_found", `No user with id '${userId}'.`);
    if (user.status !== "active") {
      throw new AppError("forbidden", `${user.userName} is deactivated and cannot use the product.`);
    }
    const plan = await requirePlan(tx);
    const outcome = onMemberOnlyAttempt(user.seatType, plan.autoUpgrade);
    if (!outcome.becomesProvisional) return { becameProvisional: false, reason: outcome.reason, reviewEndsAt: null };
    const review = startReview(now, plan.reviewDays);
    await tx.execute(START_REVIEW_SQL, review.reviewStartedAt, review.reviewEndsAt, user.version + 1, now, user.id);
    await recordActivity(tx, {
      at: now,
      kind: "seat",
      actor: "system",
      action: "seat.changed",
      userId: user.id,
      fromValue: user.seatType,
      toValue: "Provisional Member",
      reason: `${outcome.reason} ('${action}'); review period of ${plan.reviewDays} days ends ${formatDay(review.reviewEndsAt)}`,
      details: { cause: "product", action, reviewEndsAt: review.reviewEndsAt },
    });
    return { becameProvisional: true, reason: outcome.reason, reviewEndsAt: review.reviewEndsAt };
  });
}
