import { prepareCached, type Db } from "@/db/client";
import { getPlan } from "@/lib/plan/get-plan";
import { DI_OFF_REFUSED_BETWEEN } from "./di-off-refusals";

export interface ProvisioningAlert {
  /** When DI was turned off; null when it was never on (a plan whose SCIM users were imported). */
  offSince: number | null;
  /** SCIM requests refused because DI is off, since it went off. */
  refused: number;
  /** Of those, writes (creates, updates, deactivations, deletions, group pushes): changes the IdP wanted to make. */
  refusedChanges: number;
}

/**
 * The banner every Admin Center page shows while Directory Integration is off on a plan that
 * uses provisioning (issue 13): the IdP's deactivations are refused then, so leavers keep
 * their access. Null when DI is on, there is no plan, or provisioning was never in use (DI
 * never on and no SCIM users: the setup checklist covers that case).
 */
export function getProvisioningAlert(db: Db, now: number): ProvisioningAlert | null {
  const plan = getPlan(db);
  if (!plan || plan.diEnabled) return null;
  // diChangedAt is set only by turning DI on or off, and it starts off: set means it was on.
  if (plan.diChangedAt === null) {
    // Only read when DI was never on (a rare state), so no page pays for this on a plan in use.
    const scimUsers = prepareCached(db, "SELECT EXISTS (SELECT 1 FROM users WHERE source = 'scim') AS found").get() as {
      found: number;
    };
    if (!scimUsers.found) return null;
  }
  const from = plan.diChangedAt ?? 0;
  const row = prepareCached(
    db,
    `SELECT count(*) AS refused,
            coalesce(sum(method <> 'GET' AND path NOT LIKE '%/.search'), 0) AS changes
       FROM activity INDEXED BY activity_failed_at_idx
      WHERE ${DI_OFF_REFUSED_BETWEEN}`,
  ).get(from, now + 1) as { refused: number; changes: number };
  return { offSince: plan.diChangedAt, refused: row.refused, refusedChanges: row.changes };
}
