import type { Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { snapshot } from "../support/screenshots";
import { seedUsers, type SeededUsers } from "../support/seed-users";
import { expect, test } from "../support/test";

// 30 users whose last sign-ins are 0…29 days ago (user i: i days), three never signed in.
const PREFIX = "sort-";
let seeded: SeededUsers;

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
  seeded = await seedUsers({ prefix: PREFIX, count: 30, domain: "acme.example" });
});

const table = (page: Page) => page.getByRole("table", { name: "Users" });
const header = (page: Page, name: string) => table(page).getByRole("columnheader", { name });
const firstRow = (page: Page) => table(page).getByRole("row").nth(1);
const lastRow = (page: Page) => table(page).getByRole("row").last();

test("columns sort on the server both ways, the sort is in the URL, and back returns to the previous order", async ({ page }) => {
  await signIn(page, `/users?q=${PREFIX}`);
  await expect(page.getByTestId("match-count")).toContainText("27 users match");
  // The default order is by email, and its header says so.
  await expect(header(page, "Email")).toHaveAttribute("aria-sort", "ascending");
  await expect(header(page, "Last sign-in")).toHaveAttribute("aria-sort", "none");
  await expect(firstRow(page)).toContainText(seeded.userName(0));

  await header(page, "Last sign-in").getByRole("button").click();
  await expect(page).toHaveURL(/\?q=sort-&sort=lastSignIn$/);
  await expect(header(page, "Last sign-in")).toHaveAttribute("aria-sort", "ascending");
  await expect(header(page, "Email")).toHaveAttribute("aria-sort", "none");
  // Longest ago first: the seats to reclaim.
  await expect(firstRow(page)).toContainText(seeded.userName(29));
  await expect(lastRow(page)).toContainText(seeded.userName(0));

  await header(page, "Last sign-in").getByRole("button").click();
  await expect(page).toHaveURL(/\?q=sort-&sort=lastSignIn&dir=desc$/);
  await expect(header(page, "Last sign-in")).toHaveAttribute("aria-sort", "descending");
  await expect(firstRow(page)).toContainText(seeded.userName(0));
  await expect(lastRow(page)).toContainText(seeded.userName(29));
  await snapshot(page, "users-sorted-last-sign-in");

  // Deactivated first when the status sorts descending (ties: the newest first, as the order reverses).
  await header(page, "Status").getByRole("button").click();
  await header(page, "Status").getByRole("button").click();
  await expect(page).toHaveURL(/sort=status&dir=desc$/);
  await expect(firstRow(page)).toContainText("Deactivated");
  await expect(firstRow(page)).toContainText(seeded.userName(28));

  // The most paid seat first.
  await header(page, "Seat").getByRole("button").click();
  await expect(page).toHaveURL(/sort=seat$/);
  await expect(firstRow(page)).toContainText("Member");
  await expect(lastRow(page)).toContainText("No Access");

  // Back walks the sorts in reverse; a reload (or a shared link) keeps the sort.
  await page.goBack();
  await expect(page).toHaveURL(/sort=status&dir=desc$/);
  await expect(header(page, "Status")).toHaveAttribute("aria-sort", "descending");
  await expect(firstRow(page)).toContainText(seeded.userName(28));
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/sort=lastSignIn&dir=desc$/);
  await page.reload();
  await expect(header(page, "Last sign-in")).toHaveAttribute("aria-sort", "descending");
  await expect(firstRow(page)).toContainText(seeded.userName(0));

  // Paging keeps the sort: page 2 of 10 a page continues where page 1 stopped.
  await page.goto(`/users?q=${PREFIX}&sort=lastSignIn&dir=desc&size=25&page=2`);
  await expect(page.getByRole("navigation", { name: "Users pages" })).toContainText("Showing 26–27 of 27 users");
  await expect(firstRow(page)).toContainText(seeded.userName(28));
  await expect(lastRow(page)).toContainText(seeded.userName(29));
});
