import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { emailDomain } from "./domain-name";
import { findDomainOrThrow } from "./find-domain";
import { listValidatedDomainNames } from "./validated-domains";

/**
 * What removing a domain would do, decided before anyone clicks (the Admin Center shows it
 * beside the Remove button and in its confirmation; `domain remove` applies it):
 * - `removes`: only the domain goes;
 * - `turns-uap-off`: it is the last validated domain and UAP is on: UAP needs one
 *   (docs/product.md §4.5), so the removal turns UAP off too;
 * - `refused`: Directory Integration is on and needs it (the last validated domain, or the
 *   plan's primary email's domain, docs/product.md §3.8); `message` says what to change first.
 */
export type DomainRemoval =
  | { effect: "removes" }
  | { effect: "turns-uap-off"; message: string }
  | { effect: "refused"; blocker: "directory-integration" | "primary-email"; message: string };

type PlanFacts = { uapEnabled: boolean; diEnabled: boolean; primaryEmail: string };

/** The rule of docs/product.md §5.3, pure: one domain, the other validated domains, the plan's switches. */
export function domainRemoval(domain: { name: string; verified: boolean }, otherValidated: number, plan: PlanFacts | undefined): DomainRemoval {
  // A pending domain gives nothing that a switch relies on.
  if (!domain.verified || !plan) return { effect: "removes" };
  const last = otherValidated === 0;
  if (plan.diEnabled && last) {
    return {
      effect: "refused",
      blocker: "directory-integration",
      message: `${domain.name} is the last validated domain and Directory Integration is on: turn Directory Integration off first, then remove the domain`,
    };
  }
  if (plan.diEnabled && emailDomain(plan.primaryEmail) === domain.name) {
    return {
      effect: "refused",
      blocker: "primary-email",
      message: `Directory Integration is on and the plan's primary email ${plan.primaryEmail} is on ${domain.name}: change the primary email to another validated domain or turn Directory Integration off first`,
    };
  }
  if (plan.uapEnabled && last) {
    return {
      effect: "turns-uap-off",
      message: `${domain.name} is the last validated domain: removing it also turns user auto-provisioning (UAP) off, because UAP needs a validated domain`,
    };
  }
  return { effect: "removes" };
}

// The plan row is read here, not through lib/plan: lib/plan's setPlan asks lib/domains
// whether an email is on a validated domain, so lib/domains stays below lib/plan
// (no cycle between areas: scripts/dependency-cruiser-areas.cjs). One row, id 1.
async function readPlanFacts(db: Db): Promise<PlanFacts | undefined> {
  const row = await db.row<{ uapEnabled: number; diEnabled: number; primaryEmail: string }>(
    'SELECT uap_enabled AS "uapEnabled", di_enabled AS "diEnabled", primary_email AS "primaryEmail" FROM plan',
  );
  return row && { uapEnabled: row.uapEnabled === 1, diEnabled: row.diEnabled === 1, primaryEmail: row.primaryEmail };
}

/** What removing each added domain would do now, by domain name (for the Admin Center's Domains page). */
export async function listDomainRemovals(db: Db): Promise<Record<string, DomainRemoval>> {
  return inTransaction(db, async (tx) => {
    const plan = await readPlanFacts(tx);
    const rows = await tx.rows<{ name: string; verifiedAt: number | null }>('SELECT name, verified_at AS "verifiedAt" FROM domains');
    const validated = rows.filter((r) => r.verifiedAt !== null).length;
    return Object.fromEntries(
      rows.map((r) => {
        const verified = r.verifiedAt !== null;
        return [r.name, domainRemoval({ name: r.name, verified }, validated - (verified ? 1 : 0), plan)];
      }),
    );
  }, "deferred");
}

export interface RemoveDomainOptions {
  /**
   * The caller has told the person that UAP goes off with this domain (the confirmation
   * dialog, the CLI's output). Without it, a removal that would turn UAP off is refused, so
   * a screen read before someone else turned UAP on cannot switch it off unannounced.
   */
  confirmUapOff?: boolean;
}

/** Removes a domain by the rule of `domainRemoval` (docs/product.md §5.3), in one transaction. */
export async function removeDomain(
  db: Db,
  name: string,
  actor: string,
  options: RemoveDomainOptions = {},
): Promise<{ domain: string; uapTurnedOff: boolean }> {
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return inTransaction(db, async (tx) => {
    const domain = await findDomainOrThrow(tx, name);
    const plan = await readPlanFacts(tx);
    const verified = domain.verifiedAt !== null;
    const others = verified ? (await listValidatedDomainNames(tx)).filter((n) => n !== domain.name).length : 0;
    const removal = domainRemoval({ name: domain.name, verified }, others, plan);
    if (removal.effect === "refused") throw new AppError("conflict", removal.message);
    if (removal.effect === "turns-uap-off" && !options.confirmUapOff) {
      throw new AppError("conflict", `${removal.message}. Confirm the removal to turn UAP off with it, or keep the domain`);
    }
    const now = Date.now();
    await tx.execute("DELETE FROM domains WHERE id = ?", domain.id);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.domain-removed",
      fromValue: verified ? "verified" : "pending",
      toValue: "removed",
      reason: domain.name,
      details: { domain: domain.name },
    });
    const uapTurnedOff = removal.effect === "turns-uap-off";
    if (uapTurnedOff) {
      await tx.execute("UPDATE plan SET uap_enabled = 0, updated_at = ?", now);
      await recordActivity(tx, {
        at: now,
        kind: "settings",
        actor,
        action: "settings.uap",
        fromValue: "on",
        toValue: "off",
        reason: `${domain.name}, the last validated domain, was removed`,
      });
    }
    return { domain: domain.name, uapTurnedOff };
  });
}
