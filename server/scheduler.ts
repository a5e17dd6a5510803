/**
 * Jobs that run inside the server: the end of review periods (docs/product.md §4), the daily
 * seat snapshot and the activity log's retention period. Each run catches up on whatever
 * came due while the server was down.
 */
import type { Db } from "@/db/client";
import { pruneActivity } from "@/lib/activity/prune-activity";
import { processEndedReviews } from "@/lib/directory/process-ended-reviews";
import { snapshotSeatCounts } from "@/lib/directory/snapshot-seat-counts";

export function runScheduledJobs(db: Db, now: number): void {
  const { processed } = processEndedReviews(db, now);
  if (processed > 0) console.log(`Review periods ended: ${processed} Provisional Member(s) processed.`);
  snapshotSeatCounts(db, now);
  const pruned = pruneActivity(db, { now });
  if (pruned > 0) console.log(`Activity log: ${pruned} entries past the retention period deleted.`);
}

export function startScheduler(db: Db, intervalMs: number, clock: () => number = Date.now): () => void {
  const tick = () => {
    try {
      runScheduledJobs(db, clock());
    } catch (error) {
      console.error("Scheduled job failed (will retry next tick):", error);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
