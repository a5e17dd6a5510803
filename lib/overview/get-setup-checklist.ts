import { inTransaction, type Db } from "@/db/client";
import { emailDomain } from "@/lib/domains/domain-name";
import { isEmailOnValidatedDomain, listValidatedDomainNames } from "@/lib/domains/validated-domains";
import { getProvisioningSetup } from "./get-overview";

/** The preparation steps of docs/product.md §3.9, in that order, plus the recommended Contributor auto-upgrade off. */
export const CHECKLIST_STEPS = [
  "scim-support",
  "validated-domain",
  "primary-email-domain",
  "active-token",
  "directory-integration",
  "groups-mapped",
  "auto-upgrade-off",
] as const;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];

/**
 * required: DI cannot work without it; recommended: DI works, but docs/product.md advises it
 * (§4.4); optional: only some plans need it (roles may come from the SCIM `roles` attribute).
 */
export type ChecklistKind = "required" | "recommended" | "optional";

export interface ChecklistItem {
  step: ChecklistStep;
  done: boolean;
  kind: ChecklistKind;
  /** The live facts behind `done`, in words. */
  detail: string;
}

export interface SetupChecklist {
  items: ChecklistItem[];
  /** Required steps done / required steps: Okta can provision once they are equal. */
  done: number;
  total: number;
  /** Recommended steps not done yet (they never count in done/total). */
  recommendedOpen: number;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The live state of each preparation step for Okta/SCIM (docs/product.md §3, §6, §3.9). */
export async function getSetupChecklist(db: Db, now: number = Date.now()): Promise<SetupChecklist> {
  return inTransaction(db, async (tx) => {
    const overview = await getProvisioningSetup(tx, now);
    const plan = overview.plan;
    const validated = await listValidatedDomainNames(tx);
    const mapped = (await tx.row<{ n: number }>("SELECT count(*) AS n FROM group_role_mappings"))?.n ?? 0;
    const primaryDomain = plan ? emailDomain(plan.primaryEmail) : undefined;
    const primaryOnValidated = plan ? await isEmailOnValidatedDomain(tx, plan.primaryEmail) : false;

    const items: ChecklistItem[] = [
      {
        step: "scim-support",
        done: plan?.scimEnabled ?? false,
        kind: "required",
        detail: plan?.scimEnabled ? "SCIM support is enabled for the plan." : "SCIM support is not enabled for the plan yet.",
      },
      {
        step: "validated-domain",
        done: validated.length > 0,
        kind: "required",
        detail:
          validated.length > 0
            ? `Validated: ${validated.join(", ")}.`
            : overview.domains.total > 0
              ? `${plural(overview.domains.total, "domain")} added, none validated yet.`
              : "No domain added yet.",
      },
      {
        step: "primary-email-domain",
        done: primaryOnValidated,
        kind: "required",
        detail: !plan
          ? "The plan has no primary email yet."
          : primaryOnValidated
            ? `${plan.primaryEmail} is on the validated domain ${primaryDomain}.`
            : `${plan.primaryEmail} is on ${primaryDomain ?? "no domain"}, which is not validated.`,
      },
      {
        step: "active-token",
        done: overview.activeTokens > 0,
        kind: "required",
        detail:
          overview.activeTokens > 0
            ? `${plural(overview.activeTokens, "active token")}.`
            : "No active SCIM API token.",
      },
      {
        step: "directory-integration",
        done: plan?.diEnabled ?? false,
        kind: "required",
        detail: plan?.diEnabled ? "Directory Integration is on." : "Directory Integration is off.",
      },
      {
        step: "groups-mapped",
        done: mapped > 0,
        kind: "optional",
        detail:
          mapped > 0
            ? `${plural(mapped, "group")} mapped to a role.`
            : "No pushed group is mapped to a role. Not needed when Okta sends roles in the user's roles attribute.",
      },
      {
        step: "auto-upgrade-off",
        done: plan ? !plan.autoUpgrade : false,
        kind: "recommended",
        detail: !plan
          ? "No plan yet."
          : plan.autoUpgrade
            ? "Contributor auto-upgrade is on: the Provisional Members it makes are not asked for by the IdP, and DI does not take them back."
            : "Contributor auto-upgrade is off.",
      },
    ];
    const required = items.filter((item) => item.kind === "required");
    return {
      items,
      done: required.filter((item) => item.done).length,
      total: required.length,
      recommendedOpen: items.filter((item) => item.kind === "recommended" && !item.done).length,
    };
  }, "deferred");
}
