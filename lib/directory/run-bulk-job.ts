import { inTransaction, type Db } from "@/db/client";
import type { BulkJob } from "@/db/schema";
import { recordActivity } from "../activity/record-activity";
import { BULK_JOB_REFUSALS_KEPT, getBulkJob, readBulkJob, type BulkJobRefusal, type BulkJobView } from "./get-bulk-job";
import { describeBulkJobFilter } from "./bulk-job-filter";
import { BULK_ACTION_NAMES, runBulkAction, type BulkAction } from "./run-bulk-action";

/**
 * Users per transaction. A commit per user made 10,000 seat changes take about 18 s; a commit
 * per batch, 4.5-6 s (10,000 users, DI on, 500 or 250 alike). 250 rather than 500: the event
 * loop (SCIM, pages, the progress polls) then waits at most 0.26-0.39 s for a batch instead
 * of 0.38-0.61 s.
 */
export const BULK_JOB_BATCH_SIZE = 250;

/** Lets pending I/O (SCIM requests, pages, the progress polls) run before the next batch. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface RunBulkJobOptions {
  /** The job's row, already inserted (startBulkJob). */
  jobId: string;
  /** The users fixed when the job started, in order. */
  userIds: readonly string[];
  clock: () => number;
  batchSize?: number;
  pause?: () => Promise<void>;
  /** An unexpected error that stopped the job (the job row keeps its message; the adapter logs it). */
  onError?: (error: unknown) => void;
}

/** The activity log's kind for a job: seat changes with the seats, deactivations with the users. */
export const bulkJobActivityKind = (action: BulkAction) => (action === "deactivate" ? "user" : "seat");

/** The job's last entry in the activity log, with its counts, so the log explains a mass change. */
export async function recordBulkJobEnd(db: Db, job: BulkJob, status: "done" | "failed" | "interrupted", now: number): Promise<void> {
  const action = job.action as BulkAction;
  const counts = `${job.changed} changed, ${job.unchanged} already so, ${job.refused} refused`;
  const what = `${BULK_ACTION_NAMES[action]} for the users matching ${describeBulkJobFilter(job.filter)}`;
  const reason =
    status === "done"
      ? `${what}: ${job.total} users, ${counts}`
      : status === "failed"
        ? `${what} stopped after ${job.processed} of ${job.total} users (${job.error ?? "unexpected error"}): ${counts}`
        : `${what} was interrupted after ${job.processed} of ${job.total} users (the server stopped): ${counts}; running it again is safe`;
  await recordActivity(db, {
    at: now,
    kind: bulkJobActivityKind(action),
    actor: job.actor,
    action: `users.bulk_${status === "done" ? "finished" : status}`,
    reason,
    details: {
      jobId: job.id,
      action,
      filter: job.filter,
      total: job.total,
      processed: job.processed,
      changed: job.changed,
      unchanged: job.unchanged,
      refused: job.refused,
    },
  });
}

const PROGRESS_SQL = "UPDATE bulk_jobs SET processed = ?, changed = ?, unchanged = ?, refused = ?, refusals = ?, updated_at = ? WHERE id = ?";
const FINISH_SQL = "UPDATE bulk_jobs SET status = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ?";

/**
 * Runs a started job to its end in the server process: batch after batch, each one
 * transaction that applies the action to its users through the per-user rules
 * (runBulkAction: each user rechecked as they are reached, a refusal undoing only that user)
 * and writes the job's progress, with a yield to the event loop between batches. A batch is
 * whole or not at all, so the row's counts always match what was saved. Never rejects: an
 * unexpected error ends the job as "failed" with what was done.
 */
export async function runBulkJob(db: Db, options: RunBulkJobOptions): Promise<BulkJobView> {
  const { jobId, userIds, clock } = options;
  const batchSize = options.batchSize ?? BULK_JOB_BATCH_SIZE;
  const pause = options.pause ?? yieldToEventLoop;
  try {
    for (let i = 0; i < userIds.length; i += batchSize) {
      await pause();
      const going = await inTransaction(db, async (tx) => {
        const job = await readBulkJob(tx, jobId);
        // Marked interrupted meanwhile (this process stalled past BULK_JOB_STALE_MS): stop, never run twice.
        if (!job || job.status !== "running") return false;
        const now = clock();
        const outcome = await runBulkAction(tx, { action: job.action as BulkAction, userIds: userIds.slice(i, i + batchSize), actor: job.actor, now });
        const refusals: BulkJobRefusal[] = [...job.refusals];
        for (const r of outcome.results) {
          if (!r.ok && refusals.length < BULK_JOB_REFUSALS_KEPT) refusals.push({ userId: r.userId, name: r.userName, reason: r.error });
        }
        await tx.execute(
          PROGRESS_SQL,
          job.processed + outcome.results.length,
          job.changed + outcome.changed,
          job.unchanged + outcome.unchanged,
          job.refused + outcome.refused,
          JSON.stringify(refusals),
          now,
          jobId,
        );
        return true;
      });
      if (!going) return await getBulkJob(db, { id: jobId, now: clock() });
    }
    await finish(db, jobId, "done", null, clock());
  } catch (error) {
    options.onError?.(error);
    const message = error instanceof Error ? error.message : String(error);
    await finish(db, jobId, "failed", `Stopped by an unexpected error (${message}); the server log has the details`, clock());
  }
  return getBulkJob(db, { id: jobId, now: clock() });
}

async function finish(db: Db, jobId: string, status: "done" | "failed", error: string | null, now: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const job = await readBulkJob(tx, jobId);
    if (!job || job.status !== "running") return;
    await tx.execute(FINISH_SQL, status, error, now, now, jobId);
    await recordBulkJobEnd(tx, { ...job, status, error }, status, now);
  });
}
