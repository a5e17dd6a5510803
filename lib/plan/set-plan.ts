import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { plan, type Plan } from "@/db/schema";
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
export function setPlan(db: Db, input: PlanInput, actor: string): Plan {
  const { name, primaryEmail } = parseInput(planInputSchema, input);
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return db.transaction(() => {
    const before = getPlan(db);
    const now = Date.now();
    if (!before) {
      db.insert(plan).values({ id: PLAN_ID, name, primaryEmail, createdAt: now, updatedAt: now }).run();
    } else {
      if (before.name === name && before.primaryEmail === primaryEmail) return before;
      // docs/product.md §3: DI stays on only while the primary email is on a validated domain.
      if (
        before.diEnabled &&
        before.primaryEmail.toLowerCase() !== primaryEmail.toLowerCase() &&
        !isEmailOnValidatedDomain(db, primaryEmail)
      ) {
        throw new AppError(
          "conflict",
          `Directory Integration is on and needs the primary email on a validated domain: validate the domain of ${primaryEmail} first, or turn Directory Integration off`,
        );
      }
      db.update(plan).set({ name, primaryEmail, updatedAt: now }).where(eq(plan.id, PLAN_ID)).run();
    }
    if (before?.name !== name) {
      recordActivity(db, {
        at: now,
        kind: "settings",
        actor,
        action: "settings.plan-name",
        fromValue: before?.name ?? null,
        toValue: name,
      });
    }
    if (before?.primaryEmail !== primaryEmail) {
      recordActivity(db, {
        at: now,
        kind: "settings",
        actor,
        action: "settings.primary-email",
        fromValue: before?.primaryEmail ?? null,
        toValue: primaryEmail,
      });
    }
    const after = getPlan(db);
    if (!after) throw new Error("plan row missing after write");
    return after;
  }, { behavior: "immediate" });
}
