import { inTransaction, type Db } from "@/db/client";
import { getPlan } from "@/lib/plan/get-plan";
import { resolveEndedReview } from "@/lib/seats";
import { recordActivities, type ActivityEntry } from "../activity/record-activity";

const DUE_SQL = `SELECT id, review_ends_at FROM users
        WHERE status = 'active' AND seat_type = 'Provisional Member'
          AND review_ends_at IS NOT NULL AND review_ends_at <= ?`;
const RESOLVE_SQL = `UPDATE users SET seat_type = ?, seat_set_by = 'system', pending_override = 0,
          review_started_at = NULL, review_ends_at = NULL, version = version + 1, updated_at = ?
        WHERE id = ?`;

/**
 * The scheduled job of docs/product.md §4: applies the plan's Provisional Member policy to every
 * review period that has ended, including those that ended while the server was down.
 * Idempotent: a processed user is no longer a Provisional Member with an ended review, so
 * running it again finds nothing. Takes `now` so tests move the clock.
 */
export async function processEndedReviews(db: Db, now: number): Promise<{ processed: number }> {
  return inTransaction(db, async (tx) => {
    const plan = await getPlan(tx);
    if (!plan) return { processed: 0 };
    const due = await tx.rows<{ id: string; review_ends_at: number }>(DUE_SQL, now);
    const entries: ActivityEntry[] = [];
    for (const user of due) {
      const outcome = resolveEndedReview(plan.provisionalPolicy, user.review_ends_at);
      await tx.execute(RESOLVE_SQL, outcome.seat, now, user.id);
      entries.push({
        at: now,
        kind: "seat",
        actor: "scheduler",
        action: "seat.review_ended",
        userId: user.id,
        fromValue: "Provisional Member",
        toValue: outcome.seat,
        reason: outcome.reason,
        details: { cause: "schedule", policy: plan.provisionalPolicy, reviewEndedAt: user.review_ends_at },
      });
    }
    await recordActivities(tx, entries);
    return { processed: due.length };
  });
}
