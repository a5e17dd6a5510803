import { runCli } from "../support/cli";
import { ensureDirectoryIntegration } from "../support/directory";
import { scimRequest, scimUser, SCIM_PATCH } from "../support/scim";

/** A plan user the IdP provisions by SCIM (acme.example, DI on), unique per run. */
export async function provisionUser(token: string, local: string, roles: string[] = []): Promise<{ id: string; email: string }> {
  await ensureDirectoryIntegration();
  const email = `${local}.${Date.now().toString(36)}@acme.example`;
  const created = await scimRequest(token, "POST", "/Users", scimUser(email, roles));
  if (created.status !== 201) throw new Error(`SCIM create ${email}: ${created.status} ${JSON.stringify(created.json)}`);
  return { id: created.json.id as string, email };
}

/** A SCIM PATCH as Okta sends it. */
export async function patchUser(token: string, id: string, ...operations: Record<string, unknown>[]): Promise<void> {
  const patched = await scimRequest(token, "PATCH", `/Users/${id}`, { schemas: [SCIM_PATCH], Operations: operations });
  if (patched.status !== 200) throw new Error(`SCIM PATCH ${id}: ${patched.status} ${JSON.stringify(patched.json)}`);
}

export async function setContributorAutoUpgrade(on: boolean): Promise<void> {
  await runCli(["settings", "set", "contributor-auto-upgrade", on ? "on" : "off"]);
}
