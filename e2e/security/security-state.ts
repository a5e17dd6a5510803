import { runCli } from "../support/cli";
import { ensureValidatedDomain } from "../support/dns";

export interface CliPlan {
  diEnabled: boolean;
  autoUpgrade: boolean;
  uapEnabled: boolean;
  provisionalPolicy: "admin-approval" | "auto-upgrade";
  reviewDays: number;
}

export interface CliDomain {
  name: string;
  status: "verified" | "pending";
}

export interface CliToken {
  id: string;
  name: string;
  status: "active" | "expired" | "revoked";
}

export const showPlan = () => runCli<CliPlan>(["settings", "show"]);

/** What the suite expects between specs: SCIM support, acme.example validated, DI on. */
export async function ensureDiOn(): Promise<void> {
  await runCli(["scim-support", "on"]);
  await ensureValidatedDomain("acme.example");
  if (!(await showPlan()).diEnabled) await runCli(["di", "on"]);
}

export async function ensureDiOff(): Promise<void> {
  if ((await showPlan()).diEnabled) await runCli(["di", "off"]);
}
