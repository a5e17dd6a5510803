import type { Db } from "@/db/client";
import { parseInput } from "@/lib/parse-input";
import { z } from "zod";
import { bulkJobFilterSchema, selectBulkJobUserIds, type BulkJobFilterInput } from "./bulk-job-filter";
import type { BulkJobRefusal } from "./get-bulk-job";
import { BULK_ACTIONS, planBulkAction, type BulkAction } from "./run-bulk-action";
import { BULK_JOB_BATCH_SIZE, yieldToEventLoop } from "./run-bulk-job";

/** How many refusals the check names (the rest are counted). */
export const BULK_PLAN_REFUSALS_SHOWN = 5;

export interface BulkJobPlan {
  action: BulkAction;
  /** Every user the filter matches now: what the job covers once confirmed. */
  total: number;
  changed: number;
  unchanged: number;
  refused: number;
  /** Of `changed`, those Directory Integration will set back at the next sync (docs/product.md §3.4). */
  pendingOverride: number;
  /** The first refusals, each with the reason (where the change is made instead). */
  refusals: BulkJobRefusal[];
}

const planSchema = z.object({ action: z.enum(BULK_ACTIONS), filter: bulkJobFilterSchema });

/**
 * What a bulk action over every user `filter` matches would do, without saving: each user
 * checked by the same per-user rules the job applies (planBulkAction), in batches with a
 * yield to the event loop between them, so checking 10,000 users does not stall SCIM.
 */
export async function planBulkJob(
  db: Db,
  input: { action: BulkAction; filter: BulkJobFilterInput; now: number },
  options: { pause?: () => Promise<void> } = {},
): Promise<BulkJobPlan> {
  const { action, filter } = parseInput(planSchema, input);
  const pause = options.pause ?? yieldToEventLoop;
  const ids = await selectBulkJobUserIds(db, filter);
  const plan: BulkJobPlan = { action, total: ids.length, changed: 0, unchanged: 0, refused: 0, pendingOverride: 0, refusals: [] };
  for (let i = 0; i < ids.length; i += BULK_JOB_BATCH_SIZE) {
    if (i > 0) await pause();
    const outcome = await planBulkAction(db, { action, userIds: ids.slice(i, i + BULK_JOB_BATCH_SIZE), now: input.now });
    plan.changed += outcome.changed;
    plan.unchanged += outcome.unchanged;
    plan.refused += outcome.refused;
    plan.pendingOverride += outcome.pendingOverride;
    for (const r of outcome.results) {
      if (!r.ok && plan.refusals.length < BULK_PLAN_REFUSALS_SHOWN) plan.refusals.push({ userId: r.userId, name: r.userName, reason: r.error });
    }
  }
  return plan;
}
