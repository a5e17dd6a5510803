import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { ensureValidatedDomain, publishTxt, unpublishTxt } from "../support/dns";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { snapshotDialog } from "./dialog-snapshot";

test.describe.configure({ mode: "serial" });

/** A domain only this spec uses; the plan's own acme.example is set up through the CLI. */
const DOMAIN = "dns-check.example";

interface CliDomain {
  name: string;
  status: "verified" | "pending";
}

test("a domain is added, then verified against the local DNS server: no record yet, wrong value, verified", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await runCli(["settings", "set", "uap", "off"]); // so removing it at the end is allowed
  if ((await runCli<CliDomain[]>(["domain", "list"])).some((d) => d.name === DOMAIN)) {
    await runCli(["domain", "remove", DOMAIN]);
  }
  await signIn(page, "/security/domains");
  const card = page.getByRole("region", { name: "Domains" });

  // Bad input is refused with a message that says what a domain looks like.
  await card.getByLabel("Domain name").fill("https://dns-check.example/");
  await card.getByRole("button", { name: "Add domain" }).click();
  await expect(card.getByLabel("Domain name")).toHaveAccessibleDescription(/is not a valid domain name: give a name like example\.com/);
  await snapshot(page, "security-domain-invalid");

  await card.getByLabel("Domain name").fill("DNS-Check.example");
  await card.getByRole("button", { name: "Add domain" }).click();
  await expect(card.getByRole("status").filter({ hasText: `${DOMAIN} added` })).toBeVisible();
  await expect(card.getByLabel("Domain name")).toHaveValue("");

  const item = card.getByRole("listitem", { name: DOMAIN });
  await expect(item).toContainText("Waiting for verification");
  const recordName = item.getByRole("textbox", { name: "Name (host)" });
  const recordValue = item.getByRole("textbox", { name: "Value" });
  await expect(recordName).toHaveValue(`_admin-center-challenge.${DOMAIN}`);
  await expect(recordValue).toHaveValue(/^admin-center-verification=/);
  const expected = await recordValue.inputValue();
  await item.getByRole("button", { name: `Copy the TXT record value for ${DOMAIN}` }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
  await snapshot(page, "security-domain-added");

  // 1. Nothing published yet.
  await unpublishTxt(`_admin-center-challenge.${DOMAIN}`);
  await item.getByRole("button", { name: `Verify ${DOMAIN}` }).click();
  await expect(item.getByRole("status").filter({ hasText: "No record yet." })).toContainText(
    `_admin-center-challenge.${DOMAIN}`,
  );
  await expect(item).toContainText("Waiting for verification");
  await snapshot(page, "security-domain-no-record");

  // 2. A record with another value: what was found next to what is expected.
  await publishTxt(`_admin-center-challenge.${DOMAIN}`, "admin-center-verification=stale");
  await item.getByRole("button", { name: `Verify ${DOMAIN}` }).click();
  const wrong = item.getByRole("alert").filter({ hasText: "Wrong value." });
  await expect(wrong).toContainText("Foundadmin-center-verification=stale");
  await expect(wrong).toContainText(`Expected${expected}`);
  await snapshot(page, "security-domain-wrong-value");

  // 3. The right record.
  await publishTxt(`_admin-center-challenge.${DOMAIN}`, expected);
  await item.getByRole("button", { name: `Verify ${DOMAIN}` }).click();
  await expect(item.getByRole("status").filter({ hasText: "Verified." })).toContainText(`${DOMAIN} is a validated domain`);
  await expect(item).toContainText("Validated");
  await expect(item.getByRole("button", { name: `Verify ${DOMAIN}` })).toHaveCount(0);
  await expect(item.getByRole("textbox", { name: "Value" })).toHaveCount(0);
  await snapshot(page, "security-domain-verified");

  const list = await runCli<CliDomain[]>(["domain", "list"]);
  expect(list.find((d) => d.name === DOMAIN)?.status).toBe("verified");

  // Reload: the page reads the stored state.
  await page.reload();
  await expect(item).toContainText("Validated");

  // Removed, after a confirmation; the admin continues at the add field.
  await item.getByRole("button", { name: `Remove ${DOMAIN}` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Remove ${DOMAIN}?` });
  await expect(dialog).toContainText("It stops being a validated domain");
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(item).toBeVisible();
  await item.getByRole("button", { name: `Remove ${DOMAIN}` }).click();
  await dialog.getByRole("button", { name: "Remove domain" }).click();
  await expect(dialog).toBeHidden();
  await expect(item).toHaveCount(0);
  await expect(card.getByLabel("Domain name")).toBeFocused();
  expect((await runCli<CliDomain[]>(["domain", "list"])).some((d) => d.name === DOMAIN)).toBe(false);
});

test("removing the last validated domain while UAP is on is refused, with the fix one click away", async ({ page }) => {
  // State: acme.example is the only validated domain, DI on (as the suite expects), UAP off.
  await runCli(["scim-support", "on"]);
  await ensureValidatedDomain("acme.example");
  await runCli(["settings", "set", "uap", "off"]);
  for (const d of await runCli<CliDomain[]>(["domain", "list"])) {
    if (d.name !== "acme.example") await runCli(["domain", "remove", d.name]);
  }
  const plan = await runCli<{ diEnabled: boolean }>(["settings", "show"]);
  if (!plan.diEnabled) await runCli(["di", "on"]);

  await signIn(page, "/security/plan");
  const subNav = page.getByRole("navigation", { name: "Security & Controls" });
  const switches = page.getByRole("region", { name: "Plan switches" });
  const uap = switches.getByRole("switch", { name: "User auto-provisioning (UAP)" });
  await expect(uap).toBeEnabled();
  await uap.click();
  await expect(uap).toBeChecked();
  await expect(switches.getByRole("status").filter({ hasText: "UAP is on" })).toContainText("acme.example");

  await subNav.getByRole("link", { name: "Domains" }).click();
  const card = page.getByRole("region", { name: "Domains" });
  const item = card.getByRole("listitem", { name: "acme.example" });
  await item.getByRole("button", { name: "Remove acme.example" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove acme.example?" });
  await expect(dialog).toContainText("It stops being a validated domain");
  await dialog.getByRole("button", { name: "Remove domain" }).click();
  const refusal = dialog.getByRole("alert");
  await expect(refusal).toContainText(
    "acme.example is the last validated domain and user auto-provisioning (UAP) is on: turn UAP off first, then remove the domain.",
  );
  await expect(refusal).toContainText("Fix: Turn User auto-provisioning (UAP) off under Plan switches");
  await snapshotDialog(page, "security-domain-remove-refused-uap");

  await refusal.getByRole("link", { name: "Go to the UAP switch" }).click();
  await expect(page).toHaveURL(/\/security\/plan#uap-switch$/);
  await uap.focus();
  await page.keyboard.press("Space"); // the switch works from the keyboard
  await expect(uap).not.toBeChecked();
  await expect(switches.getByRole("status").filter({ hasText: "UAP is off" })).toBeVisible();
  await subNav.getByRole("link", { name: "Domains" }).click();

  // With UAP off, Directory Integration still needs the domain: refused again, with that fix.
  await item.getByRole("button", { name: "Remove acme.example" }).click();
  await dialog.getByRole("button", { name: "Remove domain" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Directory Integration is on: turn Directory Integration off first");
  await expect(dialog.getByRole("alert").getByRole("link", { name: "Go to Directory Integration" })).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  expect((await runCli<CliDomain[]>(["domain", "list"])).map((d) => [d.name, d.status])).toEqual([["acme.example", "verified"]]);
});
