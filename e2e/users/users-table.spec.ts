import type { Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { snapshot } from "../support/screenshots";
import { seedUsers, type SeededUsers } from "../support/seed-users";
import { expect, test } from "../support/test";
import { ensureDirectoryIntegration } from "../support/directory";

// One seeded plan for the whole file; the tests build on each other (the bulk change last).
test.describe.configure({ mode: "serial" });

const PREFIX = "u10k-";
let seeded: SeededUsers;

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
  seeded = await seedUsers({ prefix: PREFIX, count: 10_000, domain: "acme.example" });
});

const pager = (page: Page) => page.getByRole("navigation", { name: "Users pages" });
const table = (page: Page) => page.getByRole("table", { name: "Users" });

async function counter(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-counter="${key}"]`).innerText();
  return Number(text.replace(/[^0-9]/g, ""));
}

test("the users table is searched by email prefix and filtered by seat and status over 10,000 users", async ({ page }) => {
  await signIn(page, "/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  // The counters count every user of the plan: at least the seeded ones.
  expect(await counter(page, "Member")).toBeGreaterThanOrEqual(seeded.kinds.member);
  expect(await counter(page, "deactivated")).toBeGreaterThanOrEqual(seeded.kinds.deactivated);
  expect(await counter(page, "No Access")).toBeGreaterThanOrEqual(seeded.kinds["no-access"]);
  expect(await counter(page, "notSignedInYet")).toBeGreaterThanOrEqual(seeded.kinds["not-signed-in"]);

  // Every seeded user except those not signed in yet (left out of the main list).
  const search = page.getByRole("searchbox", { name: "Search users" });
  await search.fill(PREFIX);
  await search.press("Enter");
  await expect(page).toHaveURL(/\/users\?q=u10k-$/);
  await expect(pager(page)).toContainText("Showing 1–50 of 9,000 users");
  await expect(pager(page)).toContainText("of 180");
  await expect(table(page).getByRole("row")).toHaveCount(51);

  await pager(page).getByRole("combobox", { name: "Rows per page" }).selectOption("100");
  await expect(pager(page)).toContainText("Showing 1–100 of 9,000 users");
  await pager(page).getByRole("button", { name: "Next" }).click();
  await expect(pager(page)).toContainText("Showing 101–200 of 9,000 users");
  await expect(page).toHaveURL(/page=2&size=100/);
  await expect(table(page)).toContainText(seeded.userName(111));
  await snapshot(page, "users-list-10k");

  // A narrower prefix: u10k-00420 … u10k-00429, of whom one has not signed in yet.
  await search.fill(`${PREFIX}0042`);
  await expect(pager(page)).toContainText("Showing 1–9 of 9 users");
  await expect(page).toHaveURL(/q=u10k-0042&size=100$/);

  await page.getByRole("combobox", { name: "Seat" }).selectOption("Member");
  // Four active Members and one deactivated user who held a Member seat.
  await expect(pager(page)).toContainText("of 5 users");
  await page.getByRole("combobox", { name: "Status" }).selectOption("active");
  await expect(pager(page)).toContainText("of 4 users");
  await expect(page).toHaveURL(/seat=Member&status=active/);
  await page.getByRole("combobox", { name: "Seat" }).selectOption("");
  await page.getByRole("combobox", { name: "Status" }).selectOption("deactivated");
  await expect(pager(page)).toContainText("of 1 user");
  await expect(table(page)).toContainText(seeded.userName(428));
  await expect(table(page)).toContainText("Deactivated");

  await page.getByRole("combobox", { name: "Status" }).selectOption("");
  const notSignedIn = page.getByRole("combobox", { name: "Not signed in yet" });
  await notSignedIn.selectOption("only");
  await expect(notSignedIn).toHaveValue("only");
  await expect(pager(page)).toContainText("of 1 user not signed in yet");
  await expect(table(page)).toContainText(seeded.userName(427));

  // The URL holds the filters: a reload (or a shared link) shows the same view.
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search users" })).toHaveValue(`${PREFIX}0042`);
  await expect(page.getByRole("combobox", { name: "Not signed in yet" })).toHaveValue("only");
  await expect(pager(page)).toContainText("of 1 user not signed in yet");

  // A counter filters by its seat, within the search.
  await page.getByRole("button", { name: /No Access$/ }).click();
  await expect(page.getByRole("button", { name: /No Access$/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("combobox", { name: "Seat" })).toHaveValue("No Access");
  // A seat counter counts every active holder of the seat, those not signed in yet included.
  await expect(page.getByRole("combobox", { name: "Not signed in yet" })).toHaveValue("include");
  await expect(pager(page)).toContainText("of 1 user");
  await expect(table(page)).toContainText(seeded.userName(429));
  await search.fill(PREFIX);
  await expect(page).toHaveURL(/\?q=u10k-&seat=No\+Access&status=active&pending=all&size=100$/);
  await expect(pager(page)).toContainText(`of ${seeded.kinds["no-access"].toLocaleString("en")} users`);
  await snapshot(page, "users-list-filtered");
});

test("a bulk action checks every selected user and reports each result", async ({ page }) => {
  await signIn(page, `/users?q=${PREFIX}0042`);
  await expect(pager(page)).toContainText("of 9 users");
  await page.getByRole("checkbox", { name: "Select every user on this page" }).check();
  await expect(page.getByText("9 selected")).toBeVisible();
  await page.getByRole("button", { name: "Set No Access" }).click();

  const dialog = page.getByRole("dialog", { name: "Set the selected users to No Access" });
  // 4 Members and 3 Contributors change; the deactivated user is refused; one is already No Access.
  await expect(dialog.getByRole("status").first()).toContainText(
    "7 users will change; 1 user already in that state; 1 user cannot be changed here (see why below)",
  );
  const each = dialog.getByRole("list", { name: "What happens to each user" });
  await expect(each.getByRole("listitem").filter({ hasText: seeded.userName(428) })).toContainText(
    "is deactivated and holds no seat. Reactivate them first",
  );
  await expect(each.getByRole("listitem").filter({ hasText: seeded.userName(420) })).toContainText("Will change: Member → No Access.");
  await snapshot(page, "users-bulk-plan");
  await dialog.getByRole("button", { name: "Set No Access for 7 users" }).click();

  await expect(dialog.getByRole("list", { name: "Result for each user" })).toBeVisible();
  await expect(dialog).toContainText("7 users changed");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("9 selected")).toHaveCount(0);

  await page.getByRole("combobox", { name: "Seat" }).selectOption("No Access");
  await expect(pager(page)).toContainText("of 8 users");
});

test("Add Guest refuses an email on a validated domain and adds an external one", async ({ page }) => {
  await signIn(page, "/users");
  await page.getByRole("button", { name: "Add Guest" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a Guest" });
  const email = dialog.getByRole("textbox", { name: "Guest's email" });
  await email.fill("colleague@acme.example");
  await dialog.getByRole("button", { name: "Add Guest" }).click();
  await expect(dialog).toContainText("colleague@acme.example is on the validated domain acme.example: Guests are external users");
  await snapshot(page, "users-add-guest-refused");

  const guest = `partner-${Date.now()}@partner.example`;
  await email.fill(guest);
  await dialog.getByRole("button", { name: "Add Guest" }).click();
  await expect(dialog).toContainText(`${guest} was added as a Guest.`);
  await dialog.getByRole("link", { name: "Open their page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: guest })).toBeVisible();
  await expect(page.getByTestId("current-seat")).toContainText("Guest");
  await expect(page.getByTestId("di-managed")).toContainText("Guest is set only in the Admin Center");
});
