import { inTransaction, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { requirePlan, PLAN_ID } from "@/lib/plan/get-plan";
import { recordActivity } from "../activity/record-activity";
import { checkDiPreconditions } from "./check-di-preconditions";
import type { ReevaluationPreview } from "./preview-reevaluation";
import { reevaluateAllUsers } from "./reevaluate-all-users";

const SET_DI_SQL = "UPDATE plan SET di_enabled = ?, di_changed_at = ?, updated_at = ? WHERE id = ?";

/**
 * docs/product.md §3: turning DI on checks its preconditions (the refusal names the first unmet),
 * then re-evaluates every user in the same transaction. Turning it off stops SCIM (403)
 * and leaves seats as they are, to be managed by hand.
 */
export async function turnOnDirectoryIntegration(db: Db, actor: string, now: number): Promise<ReevaluationPreview> {
  return inTransaction(db, async (tx) => {
    const current = await requirePlan(tx);
    if (current.diEnabled) {
      throw new AppError("conflict", "Directory Integration is already on. Use `users reevaluate` to re-evaluate every user.");
    }
    const unmet = (await checkDiPreconditions(tx, current)).find((p) => !p.met);
    if (unmet) throw new AppError("conflict", `Directory Integration cannot be turned on: ${unmet.message}`);
    await tx.execute(SET_DI_SQL, 1, now, now, PLAN_ID);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.di",
      fromValue: "off",
      toValue: "on",
      reason: "Directory Integration turned on: the identity provider now decides seats",
    });
    return reevaluateAllUsers(tx, { kind: "admin", admin: actor }, now);
  });
}

export async function turnOffDirectoryIntegration(db: Db, actor: string, now: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const current = await requirePlan(tx);
    if (!current.diEnabled) throw new AppError("conflict", "Directory Integration is already off.");
    await tx.execute(SET_DI_SQL, 0, now, now, PLAN_ID);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.di",
      fromValue: "on",
      toValue: "off",
      reason:
        "Directory Integration turned off: SCIM requests are refused (403) until it is on again; seats are managed by hand",
    });
    // One alert per change; the scheduler's alert job clears it once DI is on again (lib/webhooks/check-alert-conditions.ts).
    await raiseAlert(
      tx,
      {
        event: "di.turned-off",
        key: `di.turned-off:${now}`,
        summary: `Directory Integration was turned off by ${actor}: the identity provider's changes (deactivations included) are refused until it is on again.`,
        details: { actor },
        link: "/security/directory",
      },
      now,
    );
  });
}
