import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { ensureValidatedDomain } from "../support/dns";
import { scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { snapshotDialog } from "./dialog-snapshot";
import { ensureDiOff, ensureDiOn, showPlan, type CliDomain } from "./security-state";

test.describe.configure({ mode: "serial" });

// The suite expects DI on after every spec, whatever happened in this one.
test.afterAll(async () => {
  await ensureDiOn();
});

const stamp = Date.now().toString(36);
/** Holds LICENSED_USER (Member), set to Contributor by hand while DI is off: DI moves them up. */
const UP = `sec-di-up-${stamp}@acme.example`;
/** Holds a System Admin role (Contributor), set to Member by hand while DI is off: DI moves them down. */
const DOWN = `sec-di-down-${stamp}@acme.example`;

interface Preview {
  upgrades: number;
  downgrades: number;
  unchanged: number;
  changes: { userName: string; displayName: string | null; from: string; to: string; reason: string }[];
}

test("the switch is disabled, with the reasons, until SCIM support and a validated primary domain exist", async ({ page }) => {
  await runCli(["scim-support", "on"]);
  await ensureDiOff();
  await runCli(["settings", "set", "uap", "off"]);
  for (const d of await runCli<CliDomain[]>(["domain", "list"])) await runCli(["domain", "remove", d.name]);

  await signIn(page, "/security/directory");
  const card = page.getByRole("region", { name: "Directory Integration" });
  const di = card.getByRole("switch", { name: "Directory Integration" });
  await expect(di).toBeDisabled();
  await expect(di).not.toBeChecked();
  await expect(di).toHaveAccessibleDescription(/It cannot be turned on yet: 2 requirements are not met/);
  const requirements = card.getByRole("list", { name: "Requirements for Directory Integration" });
  await expect(requirements.getByRole("listitem")).toHaveCount(3);
  await expect(requirements).toContainText("Met: SCIM support is enabled for the plan.");
  await expect(requirements).toContainText("Not met: No validated domain");
  await expect(requirements).toContainText(
    "Not met: The plan's primary email it@acme.example is not on a validated domain: validate acme.example",
  );
  await expect(requirements.getByRole("link", { name: "Go to Domains" }).first()).toHaveAttribute("href", "/security/domains");
  await snapshot(page, "security-di-disabled");

  // UAP needs a validated domain too.
  await page.getByRole("navigation", { name: "Security & Controls" }).getByRole("link", { name: "Plan switches" }).click();
  await expect(page.getByRole("switch", { name: "User auto-provisioning (UAP)" })).toBeDisabled();
  await expect(page.getByRole("switch", { name: "User auto-provisioning (UAP)" })).toHaveAccessibleDescription(
    /Needs a validated domain/,
  );
  await page.getByRole("navigation", { name: "Security & Controls" }).getByRole("link", { name: "Directory Integration" }).click();

  // Fixed (the domain validated against the local DNS server): the switch can be used.
  await ensureValidatedDomain("acme.example");
  await page.reload();
  await expect(di).toBeEnabled();
  await expect(card.getByRole("list", { name: "Requirements for Directory Integration" })).not.toContainText("Not met");
});

test("Directory Integration is turned on through its preview: counts and users by name, from → to and why", async ({ page }) => {
  // Two users DI will change: provisioned while DI is on, then changed by hand while it is off.
  await ensureDiOn();
  await withScimToken(async (token) => {
    expect((await scimRequest(token, "POST", "/Users", scimUser(UP, ["LICENSED_USER"]))).status).toBe(201);
    expect((await scimRequest(token, "POST", "/Users", scimUser(DOWN, ["USER_ADMIN"]))).status).toBe(201);
  });
  await runCli(["di", "off"]);
  await runCli(["users", "set-seat", UP, "Contributor"]);
  await runCli(["users", "set-seat", DOWN, "Member"]);
  const preview = await runCli<Preview>(["di", "preview"]);
  expect(preview.upgrades).toBeGreaterThanOrEqual(1);
  expect(preview.downgrades).toBeGreaterThanOrEqual(1);

  await signIn(page, "/security/directory");
  const card = page.getByRole("region", { name: "Directory Integration" });
  const di = card.getByRole("switch", { name: "Directory Integration" });
  await expect(di).not.toBeChecked();

  // Cancel leaves it off.
  await di.click();
  const dialog = page.getByRole("dialog", { name: "Turn on Directory Integration?" });
  await expect(dialog.getByTestId("reevaluation-counts")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(di).not.toBeChecked();
  await expect(di).toBeFocused();

  await di.click();
  const counts = dialog.getByTestId("reevaluation-counts");
  await expect(counts).toContainText(`${preview.upgrades}${preview.upgrades === 1 ? "user goes up" : "users go up"}`);
  await expect(counts).toContainText(`${preview.downgrades}${preview.downgrades === 1 ? "user goes down" : "users go down"}`);
  await expect(counts).toContainText(`${preview.unchanged}`);
  const seatChange = (from: string, to: string) => new RegExp(`${from}\\s*→(\\s*to)?\\s*${to}`);
  // Downgrades (paid seats removed) first: their tab is the one open.
  const downTab = dialog.getByRole("tab", { name: `Going down (${preview.downgrades})` });
  await expect(downTab).toHaveAttribute("aria-selected", "true");
  const downs = dialog.getByRole("table", { name: "Seats going down: paid seats removed" });
  // The first change, by name, with from → to and why (the CLI's preview, downgrades first, is the reference).
  const first = preview.changes[0]!;
  expect(first).toMatchObject({ from: "Member" });
  const firstRow = downs.getByRole("row").filter({ hasText: first.userName }).first();
  await expect(firstRow).toContainText(seatChange(first.from, first.to));
  await expect(firstRow).toContainText(first.reason);
  const down = downs.getByRole("row").filter({ hasText: DOWN });
  await expect(down).toContainText(seatChange("Member", "Contributor"));
  await expect(down).toContainText(preview.changes.find((c) => c.userName === DOWN)!.reason);
  await snapshotDialog(page, "security-di-turn-on-preview");

  await dialog.getByRole("tab", { name: `Going up (${preview.upgrades})` }).click();
  const ups = dialog.getByRole("table", { name: "Seats going up" });
  const up = ups.getByRole("row").filter({ hasText: UP });
  await expect(up).toContainText(seatChange("Contributor", "Member"));
  await expect(ups).not.toContainText(DOWN);
  await expect(dialog.getByRole("table", { name: "Seats going down: paid seats removed" })).toHaveCount(0);

  await dialog.getByRole("button", { name: "Turn on and apply these changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(di).toBeChecked();
  const result = card.getByRole("status").filter({ hasText: "Directory Integration is on." });
  await expect(result).toContainText("Every active user was re-evaluated");
  await expect(result.getByRole("table", { name: "Seat changes made when DI was turned on" })).toContainText(UP);
  await snapshot(page, "security-di-on");
  expect((await showPlan()).diEnabled).toBe(true);

  const seat = async (email: string) =>
    (await runCli<{ users: { userName: string; seatType: string }[] }>(["users", "list", "--search", email])).users.find(
      (u) => u.userName === email,
    )?.seatType;
  expect(await seat(UP)).toBe("Member");
  expect(await seat(DOWN)).toBe("Contributor");
});

test("turning DI off says what stops; SCIM is refused until it is on again; re-evaluate on demand", async ({ page }) => {
  await ensureDiOn();
  await signIn(page, "/security/directory");
  const card = page.getByRole("region", { name: "Directory Integration" });
  const di = card.getByRole("switch", { name: "Directory Integration" });
  await expect(di).toBeChecked();

  await di.click();
  const off = page.getByRole("alertdialog", { name: "Turn off Directory Integration?" });
  await expect(off).toContainText("refused with 403 until you turn DI on again");
  await expect(off).toContainText("Okta retries the refused changes later");
  await expect(off).toContainText("Seats are managed by hand");
  await snapshotDialog(page, "security-di-turn-off-confirm");
  await off.getByRole("button", { name: "Keep it on" }).click();
  await expect(off).toBeHidden();
  await expect(di).toBeChecked();

  await di.click();
  await off.getByRole("button", { name: "Turn off Directory Integration" }).click();
  await expect(off).toBeHidden();
  await expect(di).not.toBeChecked();
  await expect(card.getByRole("status").filter({ hasText: "Directory Integration is off." })).toContainText("403");
  await expect(card.getByRole("button", { name: "Re-evaluate all users now" })).toHaveCount(0);
  const refused = await withScimToken((token) => scimRequest(token, "GET", "/Users?count=1"));
  expect(refused.status).toBe(403);
  expect(JSON.stringify(refused.json)).toContain("Directory Integration");
  await snapshot(page, "security-di-off");

  // On again, through the preview.
  await di.click();
  const on = page.getByRole("dialog", { name: "Turn on Directory Integration?" });
  await expect(on.getByTestId("reevaluation-counts")).toBeVisible();
  await on.getByRole("button", { name: "Turn on and apply these changes" }).click();
  await expect(on).toBeHidden();
  await expect(di).toBeChecked();
  const accepted = await withScimToken((token) => scimRequest(token, "GET", "/Users?count=1"));
  expect(accepted.status).toBe(200);

  // Re-evaluate every user now, with its preview.
  await card.getByRole("button", { name: "Re-evaluate all users now" }).click();
  const again = page.getByRole("dialog", { name: "Re-evaluate all users now?" });
  await expect(again.getByTestId("reevaluation-counts")).toContainText("stay the same");
  await snapshotDialog(page, "security-di-reevaluate-preview");
  await again.getByRole("button", { name: "Re-evaluate and apply these changes" }).click();
  await expect(again).toBeHidden();
  await expect(card.getByRole("status").filter({ hasText: "Every active user was re-evaluated" })).toBeVisible();
  expect((await showPlan()).diEnabled).toBe(true);
});
