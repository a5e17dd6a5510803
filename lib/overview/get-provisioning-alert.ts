import type { Db } from "@/db/client";
import { getPlan } from "@/lib/plan/get-plan";
import { countScimRequests } from "./count-scim-requests";
import { kindOfRequest } from "./get-provisioning-health";

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
export async function getProvisioningAlert(db: Db, now: number): Promise<ProvisioningAlert | null> {
  const plan = await getPlan(db);
  if (!plan || plan.diEnabled) return null;
  // diChangedAt is set only by turning DI on or off, and it starts off: set means it was on.
  if (plan.diChangedAt === null) {
    // Only read when DI was never on (a rare state), so no page pays for this on a plan in use.
    const scimUsers = (await db.row<{ found: number }>("SELECT EXISTS (SELECT 1 FROM users WHERE source = 'scim') AS found"))!;
    if (!scimUsers.found) return null;
  }
  let refused = 0;
  let refusedChanges = 0;
  for (const c of await countScimRequests(db, plan.diChangedAt ?? 0, now + 1, { diOffOnly: true })) {
    if (!c.diOff || c.part === "deactivation") continue;
    refused += c.requests;
    if (c.part === "token" && kindOfRequest(c.method, c.pathClass, true) !== "read") refusedChanges += c.requests;
  }
  return { offSince: plan.diChangedAt, refused, refusedChanges };
}
