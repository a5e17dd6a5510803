import { runCli } from "../support/cli";
import { ensureValidatedDomain } from "../support/dns";

/**
 * What the users specs need before SCIM writes change seats: SCIM support, the plan's
 * domain acme.example (the users' and the primary email's) validated, DI on. Tolerates
 * what earlier specs left behind.
 */
export async function ensureDirectoryIntegrationOn(): Promise<void> {
  await runCli(["scim-support", "on"]);
  await ensureValidatedDomain("acme.example");
  try {
    await runCli(["di", "on"]);
  } catch (error) {
    if (!/already on/i.test((error as Error).message)) throw error;
  }
}

export async function isDirectoryIntegrationOn(): Promise<boolean> {
  return (await runCli<{ diEnabled: boolean }>(["settings", "show"])).diEnabled;
}
