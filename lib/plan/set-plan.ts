import { inTransaction, type Db } from "@/db/client";
import type { Plan } from "@/db/schema";
import { parseInput } from "@/lib/parse-input";
import { recordActivity } from "@/lib/activity/record-activity";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { AppError } from "@/lib/errors";
import { getPlan, PLAN_ID } from "./get-plan";
import { planInputSchema, type PlanInput } from "./plan-input";

/**
 * Creates the plan (row id 1) or renames it / changes its primary email. Used by the
 * first-run setup page and by `plan set`. Each changed field is one settings entry in
 * the activity log (docs/product.md §7: who, old, new).
 */
export async function setPlan(db: Db, input: PlanInput, actor: string): Promise<Plan> {
  const { name, primaryEmail } = parseInput(planInputSchema, input);
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return inTransaction(db, async (tx) => {
    const before = await getPlan(tx);
    const now = Date.now();
    if (!before) {
      await tx.execute(
        "INSERT INTO plan (id, name, primary_email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        PLAN_ID,
        name,
        primaryEmail,
        now,
        now,
      );
    } else {
      if (before.name === name && before.primaryEmail === primaryEmail) return before;
      // docs/product.md §3: DI stays on only while the primary email is on a validated domain.
      if (
        before.diEnabled &&
        before.primaryEmail.toLowerCase() !== primaryEmail.toLowerCase() &&
        !await isEmailOnValidatedDomain(tx, primaryEmail)
      ) {
        throw new AppError(
          "conflict",
          `Directory Integration is on and needs the primary email on a validated domain: validate the domain of ${primaryEmail} first, or turn Directory Integration off`,
        );
      }
      await tx.execute("UPDATE plan SET name = ?, primary_email = ?, updated_at = ? WHERE id = ?", name, primaryEmail, now, PLAN_ID);
    }
    if (before?.name !== name) {
      await recordActivity(tx, {
        at: now,
        kind: "settings",
        actor,
        action: "settings.plan-name",
        fromValue: before?.name ?? null,
        toValue: name,
      });
    }
    if (before?.primaryEmail !== primaryEmail) {
      await recordActivity(tx, {
        at: now,
        kind: "settings",
        actor,
        action: "settings.primary-email",
        fromValue: before?.primaryEmail ?? null,
        toValue: primaryEmail,
      });
    }
    const after = await getPlan(tx);
    if (!after) throw new Error("plan row missing after write");
    return after;
  });
}
