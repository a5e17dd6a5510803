import type { Locator, Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDirectoryIntegration } from "../support/directory";

/** The server writes SCIM requests to the log in batches: refresh until `row` is there. */
async function refreshUntilVisible(page: Page, row: Locator): Promise<void> {
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test("a request with a rejected token stands out in the activity log filtered to failed SCIM requests", async ({ page }) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  const rejectedPath = `/Users/activity-spec-${run}`;
  const userName = `act${run}@acme.example`;

  // The IdP with a token that is not (or no longer) ours, then with a good one.
  const rejected = await scimRequest(`acscim_not-a-real-token-${run}`, "GET", rejectedPath);
  expect(rejected.status).toBe(401);
  const created = await withScimToken((token) => scimRequest(token, "POST", "/Users", scimUser(userName, ["LICENSED_USER"])));
  expect(created.status).toBe(201);

  await signIn(page, "/activity");
  await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
  const log = page.getByRole("table", { name: "Activity log, newest first" });

  // Filter with the controls: the URL holds the filters.
  await page.getByLabel("Kind").selectOption("scim");
  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/\/activity\?kind=scim&status=failed$/);
  const row = log.getByRole("row").filter({ hasText: rejectedPath });
  await refreshUntilVisible(page, row);
  await expect(row).toHaveAttribute("data-failed", "true");
  await expect(row).toContainText("GET");
  await expect(row).toContainText("✕Failed: 401 Unauthorized");
  await expect(row).toContainText("Token: No valid token");
  await expect(row).toContainText(/\d+(\.\d+)? ms/);
  await expect(row).toContainText("Check the API token in Okta");
  // Every row of this view failed; the successful create is not among them.
  const rows = log.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  for (const r of await rows.all()) await expect(r).toContainText("Failed:");
  await expect(log).not.toContainText(userName);
  await snapshot(page, "activity-failed-scim");

  // The same view from a link (the Overview's), after a reload.
  await page.goto("/activity?kind=scim&status=failed");
  await expect(log.getByRole("row").filter({ hasText: rejectedPath })).toContainText("Failed: 401 Unauthorized");

  // Search by the user's email: the SCIM create and the seat it gave, linked to the user's page.
  await page.goto("/activity");
  // Under load the box can be filled before React hydrates it, and the text is then lost:
  // fill again until the typed text reaches the URL.
  await expect(async () => {
    await page.getByLabel("Search").fill(userName);
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(userName).replace(/\./g, "\\.")}`), { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  const create = log.getByRole("row").filter({ hasText: "POST" });
  await refreshUntilVisible(page, create);
  await expect(create).toContainText("201 Created");
  await expect(create).not.toHaveAttribute("data-failed", "true");
  const seat = log.getByRole("row").filter({ hasText: "Provisioned" });
  await expect(seat).toContainText("Member");
  await expect(seat).toContainText("LICENSED_USER");
  const link = seat.getByRole("link", { name: userName });
  await expect(link).toHaveAttribute("href", new RegExp(`^/users/${created.json.id}$`));
  await page.getByLabel("Kind").selectOption("seat");
  await expect(log.getByRole("row").filter({ hasText: "POST" })).toHaveCount(0);
  await snapshot(page, "activity-search");

  // A link from the user's page: only that user's entries, named.
  await page.goto(`/activity?user=${created.json.id}`);
  const only = page.getByText(/^Only activity of /);
  await expect(only).toContainText(userName);
  await expect(log.locator("tbody tr")).toHaveCount(2); // the SCIM create and the seat it gave
  await page.getByRole("button", { name: "Show all users" }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(only).toBeHidden();
});
