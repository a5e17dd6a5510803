import type { ChecklistStep } from "@/lib/overview/get-setup-checklist";

/** How each preparation step reads, and where a System Admin does it today. */
export const CHECKLIST_COPY: Record<ChecklistStep, { title: string; how: string; commands?: string[] }> = {
  "scim-support": {
    title: "Enable SCIM support for the plan",
    how: "The operator of this installation enables it:",
    commands: ["npm run admin -- scim-support on"],
  },
  "validated-domain": {
    title: "Validate at least one domain",
    how: "Add the domain, publish the DNS TXT record it prints, then verify it:",
    commands: ["npm run admin -- domain add example.com", "npm run admin -- domain verify example.com"],
  },
  "primary-email-domain": {
    title: "Put the plan's primary email on a validated domain",
    how: "Validate the primary email's domain, or change the primary email to one on a validated domain:",
    commands: ['npm run admin -- plan set --name "Plan name" --primary-email it@example.com'],
  },
  "active-token": {
    title: "Generate a SCIM API token for Okta",
    how: "It is shown only once: copy it into Okta's API Token field (step 8 below).",
    commands: ['npm run admin -- token create --name "Okta"'],
  },
  "directory-integration": {
    title: "Turn on Directory Integration",
    how: "Needs the steps above. Preview what the first re-evaluation changes, then turn it on:",
    commands: ["npm run admin -- di preview", "npm run admin -- di on"],
  },
  "groups-mapped": {
    title: "Map pushed Okta groups to roles",
    how: "Optional: only when seats should follow Okta groups pushed here. Map each group, by its name, to a role:",
    commands: ['npm run admin -- groups map "Okta Licensed Users" LICENSED_USER'],
  },
  "auto-upgrade-off": {
    title: "Turn auto-upgrade off (recommended)",
    how: "With Directory Integration on, members auto-upgrade adds are downgraded again at their next sync.",
    commands: ["npm run admin -- settings set auto-upgrade off"],
  },
};
