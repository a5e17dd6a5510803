import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { domains, plan as planTable } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { emailDomain } from "./domain-name";
import { findDomainOrThrow } from "./find-domain";
import { listValidatedDomainNames } from "./validated-domains";

/**
 * Removes a domain. Refused where it would leave an enabled feature without the
 * validated domain it needs: UAP (docs/product.md §4) and Directory Integration (docs/product.md §3: at least
 * one validated domain and the primary email on one). docs/product.md §4 says removing the last
 * validated domain turns UAP off; the operator contract (issue 2) refuses instead, so
 * an admin never loses UAP as a side effect: they turn it off themselves first.
 */
export function removeDomain(db: Db, name: string, actor: string): { domain: string } {
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return db.transaction(() => {
    const domain = findDomainOrThrow(db, name);
    // The plan row is read here, not through lib/plan: lib/plan's setPlan asks lib/domains
    // whether an email is on a validated domain, so lib/domains stays below lib/plan
    // (no cycle between areas: scripts/dependency-cruiser-areas.cjs). One row, id 1.
    const plan = db
      .select({ uapEnabled: planTable.uapEnabled, diEnabled: planTable.diEnabled, primaryEmail: planTable.primaryEmail })
      .from(planTable)
      .get();
    if (domain.verifiedAt !== null && plan) {
      const others = listValidatedDomainNames(db).filter((n) => n !== domain.name);
      if (plan.uapEnabled && others.length === 0) {
        throw new AppError(
          "conflict",
          `${domain.name} is the last validated domain and user auto-provisioning (UAP) is on: turn UAP off first (\`settings set uap off\`), then remove the domain`,
        );
      }
      if (plan.diEnabled && others.length === 0) {
        throw new AppError(
          "conflict",
          `${domain.name} is the last validated domain and Directory Integration is on: turn Directory Integration off first, then remove the domain`,
        );
      }
      if (plan.diEnabled && emailDomain(plan.primaryEmail) === domain.name) {
        throw new AppError(
          "conflict",
          `Directory Integration is on and the plan's primary email ${plan.primaryEmail} is on ${domain.name}: change the primary email to another validated domain or turn Directory Integration off first`,
        );
      }
    }
    db.delete(domains).where(eq(domains.id, domain.id)).run();
    recordActivity(db, {
      kind: "settings",
      actor,
      action: "settings.domain-removed",
      fromValue: domain.verifiedAt === null ? "pending" : "verified",
      toValue: "removed",
      reason: domain.name,
      details: { domain: domain.name },
    });
    return { domain: domain.name };
  }, { behavior: "immediate" });
}
