import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { ensureValidatedDomain, publishTxt, unpublishTxt } from "../support/dns";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { snapshotDialog } from "./dialog-snapshot";
import { ensureDiOn, showPlan } from "./security-state";

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

test("the last validated domain: refused with DI's reason before the click; with DI off, removing it turns UAP off after a confirmation that says so", async ({
  page,
}) => {
  // State: acme.example is the only validated domain, DI on (as the suite expects), UAP off.
  await runCli(["scim-support", "on"]);
  await ensureValidatedDomain("acme.example");
  await runCli(["settings", "set", "uap", "off"]);
  for (const d of await runCli<CliDomain[]>(["domain", "list"])) {
    if (d.name !== "acme.example") await runCli(["domain", "remove", d.name]);
  }
  await ensureDiOn();

  // The UAP switch says what each change did.
  await signIn(page, "/security/plan");
  const subNav = page.getByRole("navigation", { name: "Security & Controls" });
  const switches = page.getByRole("region", { name: "Plan switches" });
  const uap = switches.getByRole("switch", { name: "User auto-provisioning (UAP)" });
  await expect(uap).toBeEnabled();
  await uap.click();
  await expect(uap).toBeChecked();
  await expect(switches.getByRole("status").filter({ hasText: "UAP is on" })).toContainText(
    "people with an email on acme.example who sign in join the plan as Contributors",
  );
  await uap.focus();
  await page.keyboard.press("Space"); // the switch works from the keyboard
  await expect(uap).not.toBeChecked();
  await expect(switches.getByRole("status").filter({ hasText: "UAP is off" })).toBeVisible();
  expect((await showPlan()).uapEnabled).toBe(false);
  await uap.focus();
  await page.keyboard.press("Space");
  await expect(switches.getByRole("status").filter({ hasText: "UAP is on" })).toBeVisible();
  expect((await showPlan()).uapEnabled).toBe(true);

  // DI on: the reason shows before any click, beside a Remove button that cannot be used.
  await subNav.getByRole("link", { name: "Domains" }).click();
  const card = page.getByRole("region", { name: "Domains" });
  const item = card.getByRole("listitem", { name: "acme.example" });
  const remove = item.getByRole("button", { name: "Remove acme.example" });
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription(
    /^Cannot be removed now: acme\.example is the last validated domain and Directory Integration is on: turn Directory Integration off first, then remove the domain\./,
  );
  await snapshot(page, "security-domain-remove-blocked-by-di");

  await item.getByRole("link", { name: "Go to Directory Integration" }).click();
  await expect(page).toHaveURL(/\/security\/directory#di-switch$/);
  await page.getByRole("switch", { name: "Directory Integration" }).click();
  const off = page.getByRole("alertdialog", { name: "Turn off Directory Integration?" });
  await off.getByRole("button", { name: "Turn off Directory Integration" }).click();
  await expect(off).toBeHidden();
  await expect(page.getByRole("switch", { name: "Directory Integration" })).not.toBeChecked();

  // DI off, UAP on: removable, and the confirmation says up front that UAP goes off with it.
  await subNav.getByRole("link", { name: "Domains" }).click();
  await expect(remove).toBeEnabled();
  await expect(item).not.toContainText("Cannot be removed now");
  await remove.click();
  const dialog = page.getByRole("alertdialog", { name: "Remove acme.example?" });
  await expect(dialog).toContainText(
    "acme.example is the last validated domain: removing it also turns user auto-provisioning (UAP) off, because UAP needs a validated domain.",
  );
  await snapshotDialog(page, "security-domain-remove-turns-uap-off");
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  expect((await showPlan()).uapEnabled).toBe(true);

  await remove.click();
  await dialog.getByRole("button", { name: "Remove domain and turn UAP off" }).click();
  await expect(dialog).toBeHidden();
  await expect(item).toHaveCount(0);
  await expect(card.getByRole("status").filter({ hasText: "acme.example removed" })).toContainText(
    "user auto-provisioning (UAP) is now off",
  );
  expect(await runCli<CliDomain[]>(["domain", "list"])).toEqual([]);
  expect((await showPlan()).uapEnabled).toBe(false);

  // The switch shows it, and cannot go back on without a validated domain.
  await subNav.getByRole("link", { name: "Plan switches" }).click();
  await expect(uap).not.toBeChecked();
  await expect(uap).toBeDisabled();
  await expect(uap).toHaveAccessibleDescription(/Needs a validated domain/);

  // The operator CLI applies the same rule and says what it did.
  await ensureValidatedDomain("acme.example");
  await runCli(["settings", "set", "uap", "on"]);
  expect(await runCli(["domain", "remove", "acme.example"])).toEqual({ domain: "acme.example", uapTurnedOff: true, removed: true });
  expect((await showPlan()).uapEnabled).toBe(false);
  await ensureDiOn(); // validates acme.example again and leaves DI on, as the suite expects
});
