import { eq } from "drizzle-orm";
import { inTransaction, type Db } from "@/db/client";
import { users } from "@/db/schema";
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

/**
 * The product event of docs/product.md §4: a plan user attempted a Member-only action. The end-user
 * side calls this; with the plan's auto-upgrade on, a Contributor becomes a Provisional
 * Member for the review period. It is system-triggered, never an admin action.
 */
export function recordMemberOnlyAttempt(db: Db, userId: string, action: string, now: number): MemberOnlyAttemptResult {
  return inTransaction(db, () => {
    const user = findUserById(db, userId);
    if (!user) throw new AppError("not_found", `No user with id '${userId}'.`);
    if (user.status !== "active") {
      throw new AppError("forbidden", `${user.userName} is deactivated and cannot use the product.`);
    }
    const plan = requirePlan(db);
    const outcome = onMemberOnlyAttempt(user.seatType, plan.autoUpgrade);
    if (!outcome.becomesProvisional) return { becameProvisional: false, reason: outcome.reason, reviewEndsAt: null };
    const review = startReview(now, plan.reviewDays);
    db.update(users)
      .set({ seatType: "Provisional Member", seatSetBy: "system", pendingOverride: false, ...review, version: user.version + 1, updatedAt: now })
      .where(eq(users.id, user.id))
      .run();
    recordActivity(db, {
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
