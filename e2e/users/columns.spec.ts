import type { Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_GROUP, scimRequest, scimUser, withScimToken } from "../support/scim";
import { runCli } from "../support/cli";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";

const table = (page: Page) => page.getByRole("table", { name: "Users" });
const headers = (page: Page) => table(page).getByRole("columnheader");

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
});

test("the triage columns say where a seat comes from and who holds System Admin rights; the column chooser is remembered", async ({ page }) => {
  const stamp = Date.now();
  const admin = `cols-admin-${stamp}@acme.example`;
  const member = `cols-member-${stamp}@acme.example`;
  const group = `Cols Admins ${stamp}`;
  await withScimToken(async (token) => {
    const a = await scimRequest(token, "POST", "/Users", scimUser(admin, ["LICENSED_USER"]));
    expect(a.status).toBe(201);
    expect((await scimRequest(token, "POST", "/Users", scimUser(member, ["LICENSED_USER"]))).status).toBe(201);
    const g = await scimRequest(token, "POST", "/Groups", { schemas: [SCIM_GROUP], displayName: group, members: [{ value: a.json.id }] });
    expect(g.status).toBe(201);
  });
  await runCli(["groups", "map", group, "USER_ADMIN"]);

  await signIn(page, `/users?q=cols-`);
  await expect(page.getByTestId("match-count")).toContainText("2 users match");
  const adminRow = table(page).getByRole("row").filter({ hasText: admin });
  await expect(adminRow).toContainText("Directory Integration");
  await expect(adminRow).toContainText("LICENSED_USER from the IdP");
  await expect(adminRow).toContainText(`USER_ADMIN from group ${group}`);
  // A System Admin role from any origin is System Admin rights (docs/product.md §2).
  await expect(adminRow.getByRole("cell").last()).toHaveText("YesUSER_ADMIN");
  const memberRow = table(page).getByRole("row").filter({ hasText: member });
  await expect(memberRow.getByRole("cell").last()).toHaveText("No");
  await expect(headers(page)).toContainText(["Name", "Email", "Seat", "Seat from", "Status", "Last sign-in", "System Admin"]);
  await expect(table(page).getByRole("columnheader", { name: "Source" })).toHaveCount(0);

  // Choose columns: Source and Review ends on, Email off.
  await page.getByRole("button", { name: /^Columns/ }).click();
  const chooser = page.getByRole("group", { name: "Show columns" });
  await chooser.getByRole("checkbox", { name: "Source" }).check();
  await chooser.getByRole("checkbox", { name: "Review ends (Provisional Members)" }).check();
  // The SCIM POST that created them is their last sync: today's date, in the one format.
  await chooser.getByRole("checkbox", { name: /^Last synced/ }).check();
  const today = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date());
  await expect(table(page).getByRole("columnheader", { name: "Last synced" })).toBeVisible();
  await expect(memberRow).toContainText(today);
  await chooser.getByRole("checkbox", { name: "Email" }).uncheck();
  await expect(table(page).getByRole("columnheader", { name: "Source" })).toBeVisible();
  await expect(table(page).getByRole("columnheader", { name: "Email" })).toHaveCount(0);
  await snapshot(page, "users-column-chooser");
  await page.keyboard.press("Escape");

  // Remembered in this browser: a reload shows the same columns.
  await page.reload();
  await expect(table(page).getByRole("columnheader", { name: "Review ends" })).toBeVisible();
  await expect(table(page).getByRole("columnheader", { name: "Email" })).toHaveCount(0);
  await snapshot(page, "users-chosen-columns");
  await page.getByRole("button", { name: /^Columns/ }).click();
  await page.getByRole("button", { name: "Reset to defaults" }).click();
  await page.keyboard.press("Escape");
  await expect(table(page).getByRole("columnheader", { name: "Email" })).toBeVisible();
  await expect(table(page).getByRole("columnheader", { name: "Source" })).toHaveCount(0);

  // A user's page is titled with their name, and says when the IdP last reached them.
  await adminRow.getByRole("link").click();
  await expect(page).toHaveTitle(`${admin.split("@")[0]} Example · Admin Center`);
  await expect(page.getByTestId("last-synced")).toContainText(today);
});
