import { runCli } from "./cli";
import { ensureValidatedDomain } from "./dns";

/**
 * What specs need before SCIM writes are accepted and change seats: SCIM support, the
 * plan's domain acme.example (the users' and the primary email's) validated, and DI on.
 * Tolerates what earlier specs left behind; leaves DI on, as specs expect.
 */
export async function ensureDirectoryIntegration(): Promise<void> {
  await runCli(["scim-support", "on"]);
  await ensureValidatedDomain("acme.example");
  if (!(await isDirectoryIntegrationOn())) await runCli(["di", "on"]);
}

export async function isDirectoryIntegrationOn(): Promise<boolean> {
  return (await runCli<{ diEnabled: boolean }>(["settings", "show"])).diEnabled;
}
