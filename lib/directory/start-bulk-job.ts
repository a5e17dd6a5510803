import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { bulkJobs } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { parseInput } from "@/lib/parse-input";
import { recordActivity } from "../activity/record-activity";
import { bulkJobFilterSchema, describeBulkJobFilter, selectBulkJobUserIds, type BulkJobFilterInput } from "./bulk-job-filter";
import { BULK_JOB_STALE_MS, readBulkJob, toBulkJobView, type BulkJobView } from "./get-bulk-job";
import { BULK_ACTION_NAMES, BULK_ACTIONS, type BulkAction } from "./run-bulk-action";
import { bulkJobActivityKind, recordBulkJobEnd, runBulkJob, type RunBulkJobOptions } from "./run-bulk-job";

const startSchema = z.object({
  action: z.enum(BULK_ACTIONS, { error: "Choose what to do with the users." }),
  filter: bulkJobFilterSchema,
  /** The count the admin confirmed (planBulkJob's total). */
  expectedTotal: z.number().int().min(1, "No user matches this filter: nothing to do."),
});

export interface StartBulkJobInput {
  action: BulkAction;
  filter: BulkJobFilterInput;
  expectedTotal: number;
  adminId: string;
  actor: string;
  clock: () => number;
}

export interface StartedBulkJob {
  job: BulkJobView;
  /** Settles when the job ends (never rejects); the adapter does not wait for it. */
  done: Promise<BulkJobView>;
}

const formatCount = (n: number) => n.toLocaleString("en");

const bulkJobs$ = columnsOf(bulkJobs);
const RUNNING_JOB_SQL = `SELECT ${bulkJobs$.list} FROM bulk_jobs WHERE status = 'running'`;
const STALE_JOBS_SQL = `SELECT ${bulkJobs$.list} FROM bulk_jobs WHERE status = 'running' AND updated_at < ?`;
const INSERT_JOB_SQL = `INSERT INTO bulk_jobs (id, action, filter, admin_id, actor, status, total, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)`;
const INTERRUPT_JOB_SQL = "UPDATE bulk_jobs SET status = 'interrupted', finished_at = ? WHERE id = ?";

/**
 * Starts a bulk action over every user `filter` matches, as a job that runs in this process
 * (runBulkJob). The users are fixed now: the ones the admin counted and confirmed (a filter
 * that matches a different number than `expectedTotal` is refused: check again). One job at
 * a time: while one runs, a second is refused with its progress. A job whose process died
 * (its row stopped moving) is marked interrupted first; running the same filter again is
 * safe, as users already so are "unchanged".
 */
export async function startBulkJob(db: Db, input: StartBulkJobInput, options: Pick<RunBulkJobOptions, "batchSize" | "pause" | "onError"> = {}): Promise<StartedBulkJob> {
  const { action, filter, expectedTotal } = parseInput(startSchema, input);
  const { clock } = input;
  const started = await inTransaction(db, async (tx) => {
    const now = clock();
    await markInterruptedBulkJobs(tx, now);
    const running = bulkJobs$.mapOptional(await tx.row(RUNNING_JOB_SQL));
    if (running) {
      throw new AppError(
        "conflict",
        `Another bulk action is running: ${BULK_ACTION_NAMES[running.action as BulkAction]} by ${running.actor}, ` +
          `${formatCount(running.processed)} of ${formatCount(running.total)} users done. Start this one when it has finished.`,
      );
    }
    const userIds = await selectBulkJobUserIds(tx, filter);
    if (userIds.length !== expectedTotal) {
      throw new AppError(
        "conflict",
        `The filter now matches ${formatCount(userIds.length)} users, not the ${formatCount(expectedTotal)} you confirmed: the list changed meanwhile. Check again before running it.`,
      );
    }
    const id = newId();
    await tx.execute(INSERT_JOB_SQL, id, action, JSON.stringify(filter), input.adminId, input.actor, userIds.length, now, now);
    await recordActivity(tx, {
      at: now,
      kind: bulkJobActivityKind(action),
      actor: input.actor,
      action: "users.bulk_started",
      reason: `${BULK_ACTION_NAMES[action]} for the ${formatCount(userIds.length)} users matching ${describeBulkJobFilter(filter)}`,
      details: { jobId: id, action, filter, total: userIds.length },
    });
    const job = (await readBulkJob(tx, id))!;
    return { job: toBulkJobView(job, now), userIds };
  });
  const done = runBulkJob(db, { jobId: started.job.id, userIds: started.userIds, clock, ...options });
  return { job: started.job, done };
}

/** Jobs left "running" by a process that died: interrupted, with an end entry saying how far they got. */
async function markInterruptedBulkJobs(db: Db, now: number): Promise<void> {
  const stale = (await db.rows(STALE_JOBS_SQL, now - BULK_JOB_STALE_MS)).map(bulkJobs$.map);
  for (const job of stale) {
    await db.execute(INTERRUPT_JOB_SQL, now, job.id);
    await recordBulkJobEnd(db, job, "interrupted", now);
  }
}
