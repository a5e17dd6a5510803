import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { scimRequest } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { snapshotDialog } from "./dialog-snapshot";
import { ensureDiOn, type CliToken } from "./security-state";

const NAME = `E2E rotation ${Date.now().toString(36)}`;

test("a token is generated, copied, never shown again, used for a SCIM call, then revoked", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await ensureDiOn();
  const activeBefore = (await runCli<CliToken[]>(["token", "list"])).filter((t) => t.status === "active");
  expect(activeBefore.length, "a spec before this one left a second active token").toBeLessThan(2);

  await signIn(page, "/security/tokens");
  const card = page.getByRole("region", { name: "SCIM API tokens" });
  await expect(card).toContainText(`${activeBefore.length} of 2 active`);

  await card.getByRole("button", { name: "Generate token" }).click();
  const form = page.getByRole("dialog", { name: "Generate a SCIM API token" });
  // The form checks its input before anything is made.
  await form.getByRole("button", { name: "Generate token" }).click();
  await expect(form.getByLabel("Name")).toHaveAccessibleDescription(/Give the token a name/);
  await form.getByLabel("Name").fill(NAME);
  await form.getByLabel("Expires after (days, optional)").fill("0");
  await form.getByRole("button", { name: "Generate token" }).click();
  await expect(form.getByLabel("Expires after (days, optional)")).toHaveAccessibleDescription(/whole number of days from 1 to 3650/);
  await snapshotDialog(page, "security-token-form-errors");
  await form.getByLabel("Expires after (days, optional)").fill("30");
  await form.getByRole("button", { name: "Generate token" }).click();

  const shown = page.getByRole("dialog", { name: `Token “${NAME}” generated` });
  const field = shown.getByRole("textbox", { name: "SCIM API token" });
  await expect(field).toHaveValue(/^acscim_[A-Za-z0-9_-]{43}$/);
  const token = await field.inputValue();
  await expect(shown).toContainText("This token cannot be shown again.");
  await expect(shown).toContainText("It expires on");
  await shown.getByRole("button", { name: "Copy the token" }).click();
  await expect(shown.getByRole("button", { name: "Copy the token" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await snapshotDialog(page, "security-token-shown-once");
  // Not closed by accident: Escape keeps it open; only the explicit button closes it.
  await page.keyboard.press("Escape");
  await expect(shown).toBeVisible();
  await shown.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(shown).toBeHidden();

  const row = card.locator(`tr[data-token="${NAME}"]`);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("ada@acme.example");
  await expect(row.getByRole("cell").nth(2)).toHaveText("Never"); // last used
  await expect(card).toContainText(new RegExp(`${activeBefore.length + 1} of 2 (tokens are )?active`));
  if (activeBefore.length === 1) {
    // Two active: the most allowed, and the button says why it is disabled.
    const generate = card.getByRole("button", { name: "Generate token" });
    await expect(generate).toBeDisabled();
    await expect(generate).toHaveAccessibleDescription(/revoke one before generating another/);
  }
  await snapshot(page, "security-tokens-two-active");

  // After a reload the token is nowhere on the page.
  await page.reload();
  await expect(card.locator(`tr[data-token="${NAME}"]`)).toBeVisible();
  expect(await page.content()).not.toContain(token);
  await expect(page.getByRole("textbox", { name: "SCIM API token" })).toHaveCount(0);

  // It works for SCIM (DI is on), and the list shows it was used.
  const used = await scimRequest(token, "GET", "/Users?count=1");
  expect(used.status).toBe(200);
  // The server writes last-used times in batches (lib/scim/request-log.ts): wait for it.
  await expect
    .poll(async () => (await runCli<(CliToken & { lastUsedAt: number | null })[]>(["token", "list"])).find((t) => t.name === NAME)?.lastUsedAt)
    .not.toBeNull();
  await page.reload();
  await expect(card.locator(`tr[data-token="${NAME}"]`).getByRole("cell").nth(2)).not.toHaveText("Never");

  // Revoke, confirmed.
  await card.getByRole("button", { name: `Revoke token ${NAME}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke token “${NAME}”?` });
  await expect(confirm).toContainText("refused (401) from now on");
  await snapshotDialog(page, "security-token-revoke-confirm");
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(card.locator(`tr[data-token="${NAME}"]`)).toHaveCount(0);
  await expect(card.getByRole("button", { name: "Generate token" })).toBeFocused();
  await expect(card.getByRole("status").filter({ hasText: `Token “${NAME}” revoked` })).toContainText("refused (401)");
  await card.getByRole("button", { name: /Show \d+ revoked or expired tokens?/ }).click();
  await expect(card.getByRole("table", { name: "Revoked and expired SCIM tokens" }).locator(`tr[data-token="${NAME}"]`)).toContainText(
    "Revoked",
  );
  await expect(card.getByRole("button", { name: "Generate token" })).toBeEnabled();
  await snapshot(page, "security-tokens-after-revoke");

  expect((await scimRequest(token, "GET", "/Users?count=1")).status).toBe(401);
  const activeAfter = (await runCli<CliToken[]>(["token", "list"])).filter((t) => t.status === "active");
  expect(activeAfter.map((t) => t.name)).toEqual(activeBefore.map((t) => t.name));
});
