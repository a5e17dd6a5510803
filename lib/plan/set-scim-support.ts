import { inTransaction, type Db } from "@/db/client";
import type { Plan } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { PLAN_ID, requirePlan } from "./get-plan";

/**
 * Enables or disables SCIM for the plan: the operator's step ("contact support", docs/product.md §3.9
 * step 1). Directory Integration needs it (docs/product.md §3), so it cannot be disabled under DI.
 */
export async function setScimSupport(db: Db, enabled: boolean, actor: string): Promise<Plan> {
  if (typeof enabled !== "boolean") {
    throw new AppError("invalid", "SCIM support must be on or off");
  }
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return inTransaction(db, async (tx) => {
    const before = await requirePlan(tx);
    if (before.scimEnabled === enabled) return before;
    if (!enabled && before.diEnabled) {
      throw new AppError(
        "conflict",
        "Directory Integration is on and needs SCIM support: turn Directory Integration off first, then disable SCIM support",
      );
    }
    const now = Date.now();
    await tx.execute("UPDATE plan SET scim_enabled = ?, updated_at = ? WHERE id = ?", enabled ? 1 : 0, now, PLAN_ID);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.scim-support",
      fromValue: before.scimEnabled ? "on" : "off",
      toValue: enabled ? "on" : "off",
    });
    return requirePlan(tx);
  });
}
