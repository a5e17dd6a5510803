import { inTransaction, type Db } from "@/db/client";
import { retentionDaysOf } from "./list-user-scim-requests";

const DAY_MS = 86_400_000;

/** Rows deleted per transaction: bodies are up to 16 KiB a row, so fewer than the activity log's 5,000. */
export const PRUNE_BODIES_BATCH_ROWS = 2_000;
/** Batches per call: a backlog (retention shortened from 90 to 1 day) is spread over several ticks. */
export const PRUNE_BODIES_MAX_BATCHES = 20;

export interface PruneScimBodiesOptions {
  now: number;
  /** Default: the plan's scim_body_retention_days. */
  retentionDays?: number;
  batchRows?: number;
  maxBatches?: number;
}

const PRUNE_BELOW = `DELETE FROM scim_bodies WHERE activity_id IN
  (SELECT activity_id FROM scim_bodies WHERE activity_id < ? ORDER BY activity_id LIMIT ?)`;

/**
 * Deletes the kept SCIM bodies older than the retention period (issue 14 §3). scim_bodies has no
 * index but its key, the activity id, so the boundary is found in the activity log through
 * activity_at_idx: the first entry at or after the cutoff; every body below its id is older
 * (ids grow with time; a buffered read flushed up to 250 ms after a write is the only disorder,
 * nothing at a retention of days). With nothing to delete this costs two index probes.
 */
export async function pruneScimBodies(db: Db, options: PruneScimBodiesOptions): Promise<number> {
  const days = options.retentionDays ?? await retentionDaysOf(db);
  const cutoff = options.now - days * DAY_MS;
  const first = await db.row<{ id: number }>("SELECT id FROM activity WHERE at >= ? ORDER BY at LIMIT 1", cutoff);
  // No entry since the cutoff: every body is older.
  const boundary =
    first?.id ??
    ((await db.row<{ id: number | null }>("SELECT max(activity_id) AS id FROM scim_bodies"))!.id ?? 0) + 1;
  const oldest = (await db.row<{ id: number | null }>("SELECT min(activity_id) AS id FROM scim_bodies"))!;
  if (oldest.id === null || oldest.id >= boundary) return 0;
  const batchRows = options.batchRows ?? PRUNE_BODIES_BATCH_ROWS;
  const maxBatches = options.maxBatches ?? PRUNE_BODIES_MAX_BATCHES;
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const changes = await inTransaction(db, async (tx) => (await tx.execute(PRUNE_BELOW, boundary, batchRows)).changes);
    deleted += changes;
    if (changes < batchRows) break;
  }
  return deleted;
}
