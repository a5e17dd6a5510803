import { inTransaction, type Db } from "@/db/client";
import { DEFAULT_ACTIVITY_RETENTION_DAYS } from "./retention";

const DAY_MS = 86_400_000;

/**
 * Rows deleted per transaction: small enough that the write lock is held for a few
 * milliseconds (SCIM writes wait behind it), large enough that a year of backlog goes
 * in minutes of scheduler ticks.
 */
export const PRUNE_BATCH_ROWS = 5_000;
/** Batches per call: the first run on a large old log is spread over several ticks. */
export const PRUNE_MAX_BATCHES = 20;

export interface PruneActivityOptions {
  now: number;
  /** Default: the plan's setting (400 days without a plan). */
  retentionDays?: number;
  batchRows?: number;
  maxBatches?: number;
}

// Through activity_at_idx: the oldest rows, by time, a batch at a time.
const PRUNE_OLDEST = "DELETE FROM activity WHERE id IN (SELECT id FROM activity WHERE at < ? ORDER BY at LIMIT ?)";

/**
 * Deletes activity entries older than the retention period (issue 11, item 7), oldest
 * first, in batches each its own transaction. Returns how many were deleted; a call that
 * deletes `batchRows × maxBatches` leaves the rest for the next one.
 */
export async function pruneActivity(db: Db, options: PruneActivityOptions): Promise<number> {
  const days =
    options.retentionDays ??
    (await db.row<{ days: number }>("SELECT activity_retention_days AS days FROM plan WHERE id = 1"))?.days ??
    DEFAULT_ACTIVITY_RETENTION_DAYS;
  const before = options.now - days * DAY_MS;
  const batchRows = options.batchRows ?? PRUNE_BATCH_ROWS;
  const maxBatches = options.maxBatches ?? PRUNE_MAX_BATCHES;
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const changes = await inTransaction(db, async (tx) => (await tx.execute(PRUNE_OLDEST, before, batchRows)).changes);
    deleted += changes;
    if (changes < batchRows) break;
  }
  return deleted;
}
