/**
 * Provisional Members and the plan switches (docs/product.md §4), as pure rules.
 *
 * The plan has TWO switches with "auto-upgrade" in their names; they answer different
 * questions (docs/product.md §4, the two switches):
 *
 * - `plan.autoUpgrade` (CLI `settings set auto-upgrade on|off`) is the START of a review:
 *   when on, a Contributor who attempts a Member-only action becomes a Provisional Member
 *   at once (a product event, not an admin action); when off, the attempt is refused and
 *   the Contributor must ask a System Admin for a Member seat. It never touches Members.
 * - `plan.provisionalPolicy` (CLI `settings set provisional-policy admin-approval|auto-upgrade`)
 *   is the END of a review: `admin-approval` (default) downgrades the Provisional Member to
 *   Contributor unless an admin made them a Member meanwhile; `auto-upgrade` makes them a
 *   Member.
 *
 * With DI on, both create seats the IdP did not ask for, which is why docs/product.md §4.4 recommends
 * turning auto-upgrade off (see `autoUpgradeWarning`).
 */
import type { ProvisionalPolicy, SeatType, UserStatus } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { formatDay } from "@/lib/format-time";

export const DAY_MS = 86_400_000;
export const DEFAULT_REVIEW_DAYS = 30;
export const MIN_REVIEW_DAYS = 1;
export const MAX_REVIEW_DAYS = 365;

/** YYYY-MM-DD (UTC) for reasons. */

/** The review period that starts now (docs/product.md §4, default 30 days). */
export function startReview(
  now: number,
  reviewDays: number = DEFAULT_REVIEW_DAYS,
): { reviewStartedAt: number; reviewEndsAt: number } {
  if (!Number.isInteger(reviewDays) || reviewDays < MIN_REVIEW_DAYS || reviewDays > MAX_REVIEW_DAYS) {
    throw new AppError(
      "invalid",
      `The review period must be a whole number of days from ${MIN_REVIEW_DAYS} to ${MAX_REVIEW_DAYS}; got ${reviewDays}.`,
    );
  }
  return { reviewStartedAt: now, reviewEndsAt: now + reviewDays * DAY_MS };
}

export type MemberOnlyAttemptOutcome =
  | { becomesProvisional: true; reason: string }
  | { becomesProvisional: false; reason: string };

/**
 * The product event "this user attempted a Member-only action" (docs/product.md §4). Only an active
 * Contributor becomes a Provisional Member, and only while the plan's auto-upgrade switch
 * is on; the caller checks the user is active and then calls `startReview`. DI being on
 * does not prevent it (docs/product.md §4.1).
 */
export function onMemberOnlyAttempt(currentSeat: SeatType, autoUpgrade: boolean): MemberOnlyAttemptOutcome {
  switch (currentSeat) {
    case "Contributor":
      return autoUpgrade
        ? {
            becomesProvisional: true,
            reason: "Provisional Member: the Contributor attempted a Member-only action and the plan's Contributor auto-upgrade is on",
          }
        : {
            becomesProvisional: false,
            reason: "Contributor auto-upgrade is off: the Contributor stays a Contributor and must ask a System Admin for a Member seat",
          };
    case "Member":
    case "Provisional Member":
      return { becomesProvisional: false, reason: `A ${currentSeat} already has Member access` };
    case "Guest":
      return {
        becomesProvisional: false,
        reason: "Guests are external users: only a System Admin can change their seat, in the Admin Center",
      };
    case "No Access":
      return {
        becomesProvisional: false,
        reason: "No Access users cannot open plan content: only a System Admin can change their seat, in the Admin Center",
      };
  }
}

/** Is this user's review period over and not yet processed? (The scheduled job's filter.) */
export function isReviewDue(
  user: { status: UserStatus; seatType: SeatType; reviewEndsAt: number | null },
  now: number,
): boolean {
  return (
    user.status === "active" &&
    user.seatType === "Provisional Member" &&
    user.reviewEndsAt !== null &&
    user.reviewEndsAt <= now
  );
}

/** What the plan's Provisional Member policy does when a review period ends (docs/product.md §4). */
export function resolveEndedReview(
  policy: ProvisionalPolicy,
  reviewEndsAt?: number | null,
): { seat: "Contributor" | "Member"; reason: string } {
  const ended = reviewEndsAt != null ? `the review period ended ${formatDay(reviewEndsAt)}` : "the review period ended";
  return policy === "auto-upgrade"
    ? { seat: "Member", reason: `Member: ${ended} and the plan's Provisional Member policy is upgrade to Member` }
    : { seat: "Contributor", reason: `Contributor: ${ended} and the plan's Provisional Member policy is admin approval` };
}

/**
 * The Admin Center's warning about the switches while DI is on (docs/product.md §4.4), or
 * null when there is nothing to warn about.
 */
export function autoUpgradeWarning(settings: {
  diEnabled: boolean;
  autoUpgrade: boolean;
  provisionalPolicy: ProvisionalPolicy;
}): string | null {
  if (!settings.diEnabled) return null;
  const parts: string[] = [];
  if (settings.autoUpgrade) {
    parts.push(
      "Contributor auto-upgrade is on while Directory Integration is on: Contributors who attempt a Member-only action become Provisional Members without the IdP, and DI never downgrades them. Turn Contributor auto-upgrade off so seats follow the IdP.",
    );
  }
  if (settings.provisionalPolicy === "auto-upgrade") {
    parts.push(
      "The Provisional Member policy is upgrade to Member: Members made at the end of a review are downgraded again to Contributor at their next sync unless the IdP gives them a Member role.",
    );
  }
  return parts.length === 0 ? null : parts.join(" ");
}
