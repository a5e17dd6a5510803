import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDiOn, showPlan } from "./security-state";

test("Contributor auto-upgrade warns while DI is on; the provisional policy and review period are explained, checked and saved", async ({
  page,
}) => {
  await ensureDiOn();
  await runCli(["settings", "set", "contributor-auto-upgrade", "off"]);
  await runCli(["settings", "set", "provisional-policy", "admin-approval"]);
  await runCli(["settings", "set", "review-days", "30"]);

  await signIn(page, "/security/plan");
  const card = page.getByRole("region", { name: "Plan switches" });
  const autoUpgrade = card.getByRole("switch", { name: "Contributor auto-upgrade" });
  await expect(autoUpgrade).not.toBeChecked();
  await expect(autoUpgrade).toHaveAccessibleDescription(/Recommended off while Directory Integration is on/);
  await expect(card.getByText(/Contributor auto-upgrade is on while Directory Integration is on/)).toHaveCount(0);

  // On while DI is on: the warning, and the checklist step goes back to "To do".
  await autoUpgrade.click();
  await expect(autoUpgrade).toBeChecked();
  await expect(card.getByRole("status").filter({ hasText: "Contributor auto-upgrade is on:" })).toBeVisible();
  await expect(card.getByText(/Contributor auto-upgrade is on while Directory Integration is on/)).toContainText("Turn Contributor auto-upgrade off");
  expect((await showPlan()).autoUpgrade).toBe(true);
  await snapshot(page, "security-auto-upgrade-warning");
  const subNav = page.getByRole("navigation", { name: "Security & Controls" });
  await subNav.getByRole("link", { name: "Overview" }).click();
  // Recommended, not required: the step says so, and the count of required steps is untouched.
  await expect(page.locator('[data-step="auto-upgrade-off"]')).toContainText("Recommended");
  await expect(page.locator('[data-step="auto-upgrade-off"]')).not.toContainText("To do");
  await expect(page.getByRole("region", { name: "Setup checklist" })).toContainText("1 recommended step is not done.");
  await subNav.getByRole("link", { name: "Plan switches" }).click();

  await autoUpgrade.click();
  await expect(autoUpgrade).not.toBeChecked();
  await expect(card.getByText(/Contributor auto-upgrade is on while Directory Integration is on/)).toHaveCount(0);
  expect((await showPlan()).autoUpgrade).toBe(false);
  await subNav.getByRole("link", { name: "Overview" }).click();
  await expect(page.locator('[data-step="auto-upgrade-off"]')).toContainText("Done");
  await subNav.getByRole("link", { name: "Plan switches" }).click();

  // The provisional policy: each choice says what happens when a review ends.
  const policy = card.getByRole("radiogroup", { name: "Provisional Member policy" });
  await expect(policy.getByRole("radio", { name: "Admin approval (default)" })).toBeChecked();
  // Named apart from the Contributor switch: no other control on the page is called Auto-upgrade.
  await expect(page.getByRole("radio", { name: /auto-upgrade/i })).toHaveCount(0);
  await expect(page.getByRole("switch", { name: /auto-upgrade/i })).toHaveCount(1);
  await expect(policy.getByRole("radio", { name: "Upgrade to Member" })).toHaveAccessibleDescription(/becomes a Member/);
  await policy.getByRole("radio", { name: "Upgrade to Member" }).click();
  await expect(policy.getByRole("radio", { name: "Upgrade to Member" })).toBeChecked();
  await expect(card.getByRole("status").filter({ hasText: "Provisional Member policy: upgrade to Member." })).toBeVisible();
  await expect(card.getByText(/downgraded again to Contributor at their next sync/)).toBeVisible();
  expect((await showPlan()).provisionalPolicy).toBe("auto-upgrade");
  await snapshot(page, "security-provisional-policy");
  await policy.getByRole("radio", { name: "Admin approval (default)" }).click();
  await expect(policy.getByRole("radio", { name: "Admin approval (default)" })).toBeChecked();
  await expect(card.getByText(/downgraded again to Contributor at their next sync/)).toHaveCount(0);
  expect((await showPlan()).provisionalPolicy).toBe("admin-approval");

  // The review period: 1–365 days.
  const days = card.getByLabel("Review period (days)");
  const save = card.getByRole("button", { name: "Save review period" });
  await expect(save).toBeDisabled(); // nothing changed yet
  for (const bad of ["0", "366", "2.5"]) {
    await days.fill(bad);
    await save.click();
    await expect(days).toHaveAccessibleDescription(/Enter a whole number of days from 1 to 365/);
  }
  await snapshot(page, "security-review-days-invalid");
  expect((await showPlan()).reviewDays).toBe(30);
  await days.fill("14");
  await save.click();
  await expect(card.getByRole("status").filter({ hasText: "The review period is 14 days" })).toBeVisible();
  await expect(days).toHaveValue("14");
  expect((await showPlan()).reviewDays).toBe(14);
  await days.fill("30");
  await days.press("Enter");
  await expect(card.getByRole("status").filter({ hasText: "The review period is 30 days" })).toBeVisible();
  expect((await showPlan()).reviewDays).toBe(30);

  // The activity log names the two settings apart too.
  await page.getByRole("navigation", { name: "Admin Center" }).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByText("Contributor auto-upgrade", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Provisional Member policy (end of a review period)", { exact: true }).first()).toBeVisible();
});
