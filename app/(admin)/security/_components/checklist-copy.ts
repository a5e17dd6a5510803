import type { ChecklistStep } from "@/lib/overview/get-setup-checklist";

export interface ChecklistCopy {
  title: string;
  /** What to do, in the Admin Center where it can be done there. */
  how: string;
  /** Where on this page (or another screen) the step is done. */
  where?: { href: string; label: string };
  /** The operator CLI equivalent. */
  commands?: string[];
  /** The step can only be done with the operator CLI (no control in the Admin Center). */
  operatorOnly?: boolean;
}

/** How each preparation step reads, and where a System Admin does it. */
export const CHECKLIST_COPY: Record<ChecklistStep, ChecklistCopy> = {
  "scim-support": {
    title: "Enable SCIM support for the plan",
    how: "Your plan needs SCIM provisioning: contact support. The operator of this installation enables it with:",
    commands: ["npm run admin -- scim-support on"],
    operatorOnly: true,
  },
  "validated-domain": {
    title: "Validate at least one domain",
    how: "Add the domain, publish the DNS TXT record it shows, then verify it.",
    where: { href: "/security/domains", label: "Go to Domains" },
    commands: ["npm run admin -- domain add example.com", "npm run admin -- domain verify example.com"],
  },
  "primary-email-domain": {
    title: "Put the plan's primary email on a validated domain",
    how: "Validate the primary email's domain under Domains, or have the operator change the primary email to an address on a validated domain.",
    where: { href: "/security/domains", label: "Go to Domains" },
    commands: ['npm run admin -- plan set --name "Plan name" --primary-email it@example.com'],
  },
  "active-token": {
    title: "Generate a SCIM API token for Okta",
    how: "It is shown only once: copy it into Okta's API Token field (step 8 of Configure Okta under Directory Integration).",
    where: { href: "/security/tokens", label: "Go to SCIM tokens" },
    commands: ['npm run admin -- token create --name "Okta"'],
  },
  "directory-integration": {
    title: "Turn on Directory Integration",
    how: "Needs the steps above. The switch shows what the first re-evaluation changes before anything happens.",
    where: { href: "/security/directory", label: "Go to Directory Integration" },
    commands: ["npm run admin -- di preview", "npm run admin -- di on"],
  },
  "groups-mapped": {
    title: "Map pushed Okta groups to roles",
    how: "Optional: only when seats should follow Okta groups pushed here. Map each group to a role.",
    where: { href: "/groups", label: "Go to Groups" },
    commands: ['npm run admin -- groups map "Okta Licensed Users" LICENSED_USER'],
  },
  "auto-upgrade-off": {
    title: "Turn Contributor auto-upgrade off",
    how: "Recommended, not required: with Directory Integration on, the IdP should decide who is a Member, and Contributor auto-upgrade adds Provisional Members it did not ask for.",
    where: { href: "/security/plan", label: "Go to Plan switches" },
    commands: ["npm run admin -- settings set contributor-auto-upgrade off"],
  },
};
