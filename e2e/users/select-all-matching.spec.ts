import type { Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { withSuiteDb } from "../support/db";
import { ensureDirectoryIntegration } from "../support/directory";
import { snapshot } from "../support/screenshots";
import { seedUsers, type SeededUsers } from "../support/seed-users";
import { expect, test } from "../support/test";

// Own prefixes, so the other users specs' seeded plan is left alone.
test.describe.configure({ mode: "serial" });

const PREFIX = "sam-";
let seeded: SeededUsers;

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
  // 600 users: 240 Members, 180 Contributors, 60 not signed in yet (left out of the list),
  // 60 deactivated (they held a Member seat), 60 No Access. The list shows 540 of them.
  seeded = await seedUsers({ prefix: PREFIX, count: 600, domain: "acme.example" });
});

const pager = (page: Page) => page.getByRole("navigation", { name: "Users pages" });
const bulk = (page: Page) => page.getByRole("region", { name: "Bulk actions" });

const countSql = async (prefix: string, seat: string) =>
  withSuiteDb(async (db) => (await db.row<{ n: number }>("SELECT count(*) AS n FROM users WHERE user_name_norm LIKE ? AND seat_type = ? AND status = 'active'", `${prefix}%`, seat))!.n);

test("every user matching the filter: the count is confirmed, the job's progress bar reaches the end, users beyond the first page change", async ({
  page,
}) => {
  // Many steps and six screenshots on a shared 2-core machine.
  test.setTimeout(180_000);
  await signIn(page, `/users?q=${PREFIX}`);
  await expect(pager(page)).toContainText("Showing 1–50 of 540 users");

  await page.getByRole("checkbox", { name: "Select every user on this page" }).check();
  await expect(bulk(page).getByTestId("selected-count")).toHaveText("50 selected");
  await bulk(page).getByRole("button", { name: "Select all 540 users matching this filter" }).click();
  await expect(bulk(page).getByTestId("selected-count")).toHaveText("All 540 matching users selected");
  // And back to the page alone.
  await bulk(page).getByRole("button", { name: "Select only the 50 users on this page" }).click();
  await expect(bulk(page).getByTestId("selected-count")).toHaveText("50 selected");
  await bulk(page).getByRole("button", { name: "Select all 540 users matching this filter" }).click();
  await snapshot(page, "users-select-all-matching");

  await bulk(page).getByRole("button", { name: "Set No Access" }).click();
  const dialog = page.getByRole("dialog", { name: "Set every matching user to No Access" });
  // Checked on the server over the whole set before anything changes.
  await expect(dialog.getByRole("status").first()).toContainText(
    "This covers all 540 users matching this filter. 420 users will change; 60 already No Access; 60 cannot be changed here",
  );
  const refusals = dialog.getByRole("list", { name: "Users that will not change" });
  await expect(refusals.getByRole("listitem")).toHaveCount(5);
  await expect(refusals.getByRole("listitem").first()).toContainText("is deactivated and holds no seat. Reactivate them first");
  await expect(dialog).toContainText("…and 55 more users refused");
  expect(await countSql(PREFIX, "No Access")).toBe(60);
  await snapshot(page, "users-bulk-job-plan");

  await dialog.getByRole("button", { name: "Set No Access for 420 users" }).click();
  const bar = dialog.getByRole("progressbar", { name: "Set No Access: progress" });
  await expect(bar).toHaveAttribute("aria-valuemax", "540");
  await expect(bar).toHaveAttribute("aria-valuenow", "540", { timeout: 30_000 });
  await expect(dialog.getByTestId("bulk-job-count")).toHaveText("540 of 540");
  await expect(dialog).toContainText("Finished: 420 users changed, 60 already so, 60 refused (see why below).");
  const notChanged = dialog.getByRole("list", { name: "Users not changed" });
  await expect(notChanged.getByRole("listitem")).toHaveCount(20);
  await expect(notChanged.getByRole("link").first()).toHaveAttribute("href", /^\/users\/[0-9a-f-]+$/);
  await snapshot(page, "users-bulk-job-done");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(bulk(page).getByTestId("selected-count")).toHaveCount(0);

  // Every active seeded user in the list now has No Access, far beyond the first page.
  expect(await countSql(PREFIX, "No Access")).toBe(480);
  expect(await countSql(PREFIX, "Member")).toBe(0);
  const lastMember = await withSuiteDb(async (db) => db.row("SELECT seat_type AS seat FROM users WHERE user_name_norm = ?", seeded.userName(590).toLowerCase()));
  expect(lastMember).toEqual({ seat: "No Access" });
  await page.getByRole("combobox", { name: "Seat" }).selectOption("No Access");
  await expect(pager(page)).toContainText("of 480 users");
  await page.getByRole("combobox", { name: "Seat" }).selectOption("");
  await pager(page).getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole("table", { name: "Users" })).not.toContainText("Contributor");

  // The activity log explains the mass change: one entry at the start, one at the end.
  const log = await withSuiteDb(async (db) => db.rows<{ action: string; reason: string }>("SELECT action, reason FROM activity WHERE action LIKE 'users.bulk_%' ORDER BY id DESC LIMIT 2"));
  expect(log.map((e) => e.action)).toEqual(["users.bulk_finished", "users.bulk_started"]);
  expect(log[0]?.reason).toContain("540 users, 420 changed, 60 already so, 60 refused");
});

test("a job is refused when the filter matches another number of users than the admin confirmed", async ({ page }) => {
  const prefix = "sab-";
  await seedUsers({ prefix, count: 60, domain: "acme.example" });
  await signIn(page, `/users?q=${prefix}&status=active`);
  // 60 seeded: 6 not signed in yet are left out, 6 deactivated filtered out.
  await expect(pager(page)).toContainText("of 48 users");
  await page.getByRole("combobox", { name: "Rows per page" }).selectOption("25");
  await page.getByRole("checkbox", { name: "Select every user on this page" }).check();
  await bulk(page).getByRole("button", { name: "Select all 48 users matching this filter" }).click();
  await bulk(page).getByRole("button", { name: "Deactivate" }).click();
  const dialog = page.getByRole("dialog", { name: "Deactivate every matching user" });
  await expect(dialog.getByRole("status").first()).toContainText("This covers all 48 users matching this filter. 48 users will change.");

  // The IdP provisions five more people meanwhile: what the admin confirmed is no longer the set.
  await seedUsers({ prefix: `${prefix}late-`, count: 5, domain: "acme.example" });
  await dialog.getByRole("button", { name: "Deactivate 48 users" }).click();
  await expect(dialog.getByRole("alert")).toContainText(
    "The filter now matches 53 users, not the 48 you confirmed: the list changed meanwhile. Check again before running it.",
  );
  await snapshot(page, "users-bulk-job-refused");
  // Checking again counts the users as they are now.
  await dialog.getByRole("button", { name: "Check again" }).click();
  await expect(dialog.getByRole("status").first()).toContainText("This covers all 53 users matching this filter. 53 users will change.");
  await expect(dialog.getByRole("button", { name: "Deactivate 53 users" })).toBeEnabled();
  expect(
    await withSuiteDb(async (db) => (await db.row<{ n: number }>("SELECT count(*) AS n FROM users WHERE user_name_norm LIKE 'sab-%' AND status = 'deactivated'"))!.n),
  ).toBe(6);
});
