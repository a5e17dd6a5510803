import { runCli } from "../support/cli";
import { ensureValidatedDomain } from "../support/dns";

/**
 * SCIM support, the plan's domain (acme.example, the primary email's) validated and DI on:
 * what SCIM writes need to be accepted and to change seats. Leaves DI on, as specs expect.
 */
export async function ensureDirectoryIntegration(): Promise<void> {
  await runCli(["scim-support", "on"]);
  await ensureValidatedDomain("acme.example");
  const plan = await runCli<{ diEnabled: boolean }>(["settings", "show"]);
  if (!plan.diEnabled) await runCli(["di", "on"]);
}
