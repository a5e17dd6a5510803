import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDiOff, ensureDiOn, type CliDomain, type CliToken } from "./security-state";

// Specs before this one may have set everything up: it makes its own starting point, and
// leaves DI on afterwards, as the suite expects.
test.afterAll(async () => {
  await ensureDiOn();
});

test("the setup checklist and the Overview follow changes an operator makes with the CLI", async ({ page }) => {
  // A plan half way through setup: SCIM support, the "Okta" token, auto-upgrade off; no domain.
  await ensureDiOff();
  await runCli(["settings", "set", "uap", "off"]);
  for (const d of await runCli<CliDomain[]>(["domain", "list"])) await runCli(["domain", "remove", d.name]);
  await runCli(["scim-support", "on"]);
  const active = (await runCli<CliToken[]>(["token", "list"])).filter((t) => t.status === "active");
  for (const t of active) if (t.name !== "Okta") await runCli(["token", "revoke", t.id]);
  if (!active.some((t) => t.name === "Okta")) await runCli(["token", "create", "--name", "Okta"]);
  await runCli(["settings", "set", "auto-upgrade", "off"]); // the old name of contributor-auto-upgrade: scripts use it

  await signIn(page, "/security");
  await expect(page).toHaveURL(/\/security$/);
  const checklist = page.getByRole("region", { name: "Setup checklist" });
  await expect(checklist).toContainText("2 of 5 required steps done. Each step shows its live state.");
  await expect(checklist.locator('[data-step="scim-support"]')).toContainText("Done");
  await expect(checklist.locator('[data-step="active-token"]')).toContainText("1 active token.");
  await expect(checklist.locator('[data-step="auto-upgrade-off"]')).toContainText("Done");
  await expect(checklist.locator('[data-step="groups-mapped"]')).toContainText("Optional");
  const domainStep = checklist.locator('[data-step="validated-domain"]');
  await expect(domainStep).toContainText("To do");
  await expect(domainStep).toContainText("npm run admin -- domain add example.com");
  await expect(checklist.locator('[data-step="primary-email-domain"]')).toContainText(
    "it@acme.example is on acme.example, which is not validated.",
  );

  await snapshot(page, "security-in-progress");

  await page.getByRole("navigation", { name: "Security & Controls" }).getByRole("link", { name: "Directory Integration" }).click();
  await expect(page).toHaveURL(/\/security\/directory$/);
  const okta = page.getByRole("region", { name: "Configure Okta" });
  await expect(okta.getByRole("listitem")).toHaveCount(12);
  await expect(okta.getByRole("textbox", { name: "Base URL for Okta" })).toHaveValue(/\/scim\/v2$/);
  await snapshot(page, "security-directory-okta-steps");

  await page.getByRole("navigation", { name: "Admin Center" }).getByRole("link", { name: "Overview" }).click();
  const provisioning = page.getByRole("region", { name: "Provisioning", exact: true });
  await expect(provisioning).toContainText("Enabled");
  await expect(provisioning).toContainText("1 of 2 allowed");
});

test("the SCIM base URL copy button puts the URL on the clipboard", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "/security/tokens");
  await page.getByRole("button", { name: "Copy SCIM base URL" }).click();
  await expect(page.getByRole("button", { name: "Copy SCIM base URL" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/scim/v2`);
});
