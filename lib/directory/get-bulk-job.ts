import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { bulkJobs, type BulkJob, type BulkJobStatus } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { BulkAction } from "./run-bulk-action";
import { describeBulkJobFilter } from "./bulk-job-filter";

/**
 * A running job writes its row after every batch (well under a second apart). A row still
 * "running" whose updated_at has not moved for this long belongs to a process that died: the
 * job is interrupted. Generous, so a busy event loop (a long SCIM push) never fakes it.
 */
export const BULK_JOB_STALE_MS = 30_000;

/** At most this many refusals are kept on the job, named, for the admin to read; the rest are counted. */
export const BULK_JOB_REFUSALS_KEPT = 20;

export type BulkJobRefusal = BulkJob["refusals"][number];

/** A job as the Users screen shows it: its status as of `now` (a dead process's job reads "interrupted"). */
export interface BulkJobView {
  id: string;
  action: BulkAction;
  /** The filter it was started with, in words. */
  filterText: string;
  actor: string;
  status: BulkJobStatus;
  total: number;
  processed: number;
  changed: number;
  unchanged: number;
  refused: number;
  refusals: BulkJobRefusal[];
  error: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export function isBulkJobStale(job: Pick<BulkJob, "status" | "updatedAt">, now: number): boolean {
  return job.status === "running" && now - job.updatedAt > BULK_JOB_STALE_MS;
}

export function toBulkJobView(job: BulkJob, now: number): BulkJobView {
  return {
    id: job.id,
    action: job.action as BulkAction,
    filterText: describeBulkJobFilter(job.filter),
    actor: job.actor,
    status: isBulkJobStale(job, now) ? "interrupted" : job.status,
    total: job.total,
    processed: job.processed,
    changed: job.changed,
    unchanged: job.unchanged,
    refused: job.refused,
    refusals: job.refusals,
    error: job.error,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
  };
}

const bulkJobs$ = columnsOf(bulkJobs);
const BULK_JOB_SQL = `SELECT ${bulkJobs$.list} FROM bulk_jobs WHERE id = ?`;
const LATEST_BULK_JOB_SQL = `SELECT ${bulkJobs$.list} FROM bulk_jobs ORDER BY created_at DESC, id DESC LIMIT 1`;

/** The job's row as stored now (the runner reads it in each batch's transaction). */
export async function readBulkJob(db: Db, id: string): Promise<BulkJob | undefined> {
  return bulkJobs$.mapOptional(await db.row(BULK_JOB_SQL, id));
}

/** One job, for the progress bar's polling. */
export async function getBulkJob(db: Db, { id, now }: { id: string; now: number }): Promise<BulkJobView> {
  const job = await readBulkJob(db, id);
  if (!job) throw new AppError("not_found", "This bulk action is not known here. Reload the Users page to see the current one.");
  return toBulkJobView(job, now);
}

/**
 * The job the Users screen shows when it opens: the latest one while it runs, or when it was
 * interrupted (the admin should know what was done and may run it again). A finished job is
 * in the activity log.
 */
export async function findCurrentBulkJob(db: Db, { now }: { now: number }): Promise<BulkJobView | null> {
  const latest = bulkJobs$.mapOptional(await db.row(LATEST_BULK_JOB_SQL));
  if (!latest) return null;
  const view = toBulkJobView(latest, now);
  return view.status === "running" || view.status === "interrupted" ? view : null;
}
