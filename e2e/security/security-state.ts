import { runCli } from "../support/cli";
import { isDirectoryIntegrationOn } from "../support/directory";

/** What the suite expects between specs: SCIM support, acme.example validated, DI on. */
export { ensureDirectoryIntegration as ensureDiOn } from "../support/directory";

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

export async function ensureDiOff(): Promise<void> {
  if (await isDirectoryIntegrationOn()) await runCli(["di", "off"]);
}
