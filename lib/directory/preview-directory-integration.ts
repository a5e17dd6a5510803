import type { Db } from "@/db/client";
import { requirePlan } from "@/lib/plan/get-plan";
import { checkDiPreconditions } from "./check-di-preconditions";
import { previewReevaluation, type ReevaluationPreview } from "./preview-reevaluation";

export interface DirectoryIntegrationPreview extends ReevaluationPreview {
  /** Unmet preconditions (each says what to do); empty when DI can be turned on. */
  unmet: string[];
}

/** docs/product.md §3: what turning DI on (or a re-evaluation) would change, and what still stops it; written nowhere. */
export function previewDirectoryIntegration(db: Db, options: { now: number; limit?: number }): DirectoryIntegrationPreview {
  const unmet = checkDiPreconditions(db, requirePlan(db))
    .filter((p) => !p.met)
    .map((p) => p.message);
  return { unmet, ...previewReevaluation(db, options.now, options.limit) };
}
