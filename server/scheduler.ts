/**
 * Jobs that run inside the server: the end of review periods (docs/product.md §4), the daily
 * seat snapshot, the activity log's retention period, and forgetting ended admin sessions and
 * old sign-in failures. Each run catches up on whatever
 * came due while the server was down. With several instances on one PostgreSQL database
 * (README "Running on PostgreSQL") a tick runs on one of them at a time (an advisory lock):
 * the others skip it, so a review period ends and a snapshot is taken once.
 */
import { runExclusively, type Db } from "@/db/client";
import { pruneActivity } from "@/lib/activity/prune-activity";
import { pruneScimBodies } from "@/lib/activity/prune-scim-bodies";
import { pruneAdminSessions } from "@/lib/admins/admin-sessions";
import { pruneSignInThrottles } from "@/lib/admins/sign-in-throttle";
import { pruneBreakerWindow } from "@/lib/directory/mass-change-breaker";
import { processEndedReviews } from "@/lib/directory/process-ended-reviews";
import { snapshotSeatCounts } from "@/lib/directory/snapshot-seat-counts";
import { pruneSsoState } from "@/lib/sso/sso-requests";
import { checkAlertConditions } from "@/lib/webhooks/check-alert-conditions";

export async function runScheduledJobs(db: Db, now: number): Promise<void> {
  const { processed } = await processEndedReviews(db, now);
  if (processed > 0) console.log(`Review periods ended: ${processed} Provisional Member(s) processed.`);
  await snapshotSeatCounts(db, now);
  const pruned = await pruneActivity(db, { now });
  if (pruned > 0) console.log(`Activity log: ${pruned} entries past the retention period deleted.`);
  const bodies = await pruneScimBodies(db, { now });
  if (bodies > 0) console.log(`SCIM bodies: ${bodies} past their retention period deleted.`);
  await pruneAdminSessions(db, now);
  await pruneSignInThrottles(db, now);
  // Outstanding SSO requests nobody answered, and used assertion / ID-token ids past their expiry.
  await pruneSsoState(db, now);
  // The mass-deactivation breaker counts only its window: older rows are of no wave any more.
  await pruneBreakerWindow(db, now);
  // Alerts whose condition started (a token expiring or unused, a failure spike, a SAML certificate expiring) or ended.
  await checkAlertConditions(db, now);
}

export async function startScheduler(db: Db, intervalMs: number, clock: () => number = Date.now): Promise<() => void> {
  // A tick that outlasts the interval is not overlapped by the next: the jobs are not written to run twice at once.
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runExclusively(db, "scheduled-jobs", () => runScheduledJobs(db, clock()));
    } catch (error) {
      console.error("Scheduled job failed (will retry next tick):", error);
    } finally {
      running = false;
    }
  };
  await tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
