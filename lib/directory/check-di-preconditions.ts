import type { Db } from "@/db/client";
import type { Plan } from "@/db/schema";
import { isEmailOnValidatedDomain, listValidatedDomainNames } from "@/lib/domains/validated-domains";

export interface DiPrecondition {
  key: "scim-support" | "validated-domain" | "primary-email-domain";
  met: boolean;
  /** What is needed, and how to get it when unmet. */
  message: string;
}

/** docs/product.md §3: what turning DI on requires, each with what to do when it is unmet. */
export async function checkDiPreconditions(db: Db, plan: Plan): Promise<DiPrecondition[]> {
  const validated = await listValidatedDomainNames(db);
  const primaryOk = await isEmailOnValidatedDomain(db, plan.primaryEmail);
  const primaryDomain = plan.primaryEmail.split("@")[1] ?? plan.primaryEmail;
  return [
    {
      key: "scim-support",
      met: plan.scimEnabled,
      message: plan.scimEnabled
        ? "SCIM support is enabled for the plan."
        : "SCIM support is not enabled for the plan: contact support to enable it (operator: `scim-support on`).",
    },
    {
      key: "validated-domain",
      met: validated.length > 0,
      message:
        validated.length > 0
          ? `Validated domains: ${validated.join(", ")}.`
          : "No validated domain: add a domain and verify its DNS TXT record in Security & Controls > Domains.",
    },
    {
      key: "primary-email-domain",
      met: primaryOk,
      message: primaryOk
        ? `The plan's primary email ${plan.primaryEmail} is on a validated domain.`
        : `The plan's primary email ${plan.primaryEmail} is not on a validated domain: validate ${primaryDomain}, or change the plan's primary email to an address on a validated domain.`,
    },
  ];
}
