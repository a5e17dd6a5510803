import { readFileSync } from "node:fs";
import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { inTransaction } from "../../db/client";
import { withSuiteDb } from "../support/db";
import { scimRequest, scimUser, withScimToken } from "../support/scim";
import { expect, test } from "../support/test";
import { snapshotDialog } from "./dialog-snapshot";
import { ensureDiOn } from "./security-state";
import { parse } from "csv-parse/sync";

/** RFC 4180 records, read back by csv-parse (a parser of our own would share our writer's mistakes). */
const parseCsv = (text: string): string[][] => parse(text) as string[][];

test.describe.configure({ mode: "serial" });

// The suite expects DI on after every spec.
test.afterAll(async () => {
  await ensureDiOn();
});

const stamp = Date.now().toString(36);
const DOWNS = Array.from({ length: 23 }, (_, i) => `sec-prev-down-${stamp}-${String(i).padStart(2, "0")}@acme.example`);
const UPS = Array.from({ length: 2 }, (_, i) => `sec-prev-up-${stamp}-${i}@acme.example`);
/** A name a spreadsheet would run as a formula, with a comma and quotes: the CSV must keep it text. */
const FORMULA_NAME = '=HYPERLINK("http://evil.example","Doe, Jane")';

interface Preview {
  upgrades: number;
  downgrades: number;
  unchanged: number;
}


test("the DI preview lists downgrades first, a tab each way, paged by the server, and downloads every change as CSV", async ({
  page,
}) => {
  // 23 users DI would move down and 2 it would move up: provisioned while DI is on, then
  // their seats changed while it is off (straight in the database: 25 CLI runs would be slow).
  await ensureDiOn();
  await withScimToken(async (token) => {
    for (const [i, user] of DOWNS.entries()) {
      const body = i === 0 ? { ...scimUser(user), displayName: FORMULA_NAME } : scimUser(user);
      expect((await scimRequest(token, "POST", "/Users", body)).status).toBe(201);
    }
    for (const user of UPS) expect((await scimRequest(token, "POST", "/Users", scimUser(user, ["LICENSED_USER"]))).status).toBe(201);
  });
  await runCli(["di", "off"]);
  await withSuiteDb(async (db) =>
    inTransaction(db, async (tx) => {
      const set = "UPDATE users SET seat_type = ?, seat_set_by = 'admin' WHERE user_name = ?";
      for (const user of DOWNS) await tx.execute(set, "Member", user);
      for (const user of UPS) await tx.execute(set, "Contributor", user);
    }),
  );
  const preview = await runCli<Preview>(["di", "preview"]);
  expect(preview.downgrades).toBeGreaterThanOrEqual(DOWNS.length);
  expect(preview.upgrades).toBeGreaterThanOrEqual(UPS.length);
  const pages = Math.ceil(preview.downgrades / 20);

  await signIn(page, "/security/directory");
  await page.getByRole("switch", { name: "Directory Integration" }).click();
  const dialog = page.getByRole("dialog", { name: "Turn on Directory Integration?" });
  const counts = dialog.getByTestId("reevaluation-counts");
  await expect(counts).toContainText(`${preview.downgrades}users go down`);
  await expect(counts).toContainText(`${preview.upgrades}${preview.upgrades === 1 ? "user goes up" : "users go up"}`);

  // Downgrades first, 20 a page: each page comes from the server, every one of ours on one of them.
  const downTab = dialog.getByRole("tab", { name: `Going down (${preview.downgrades})` });
  await expect(downTab).toHaveAttribute("aria-selected", "true");
  const downs = dialog.getByRole("table", { name: "Seats going down: paid seats removed" });
  const pager = dialog.getByRole("navigation", { name: "Pages of going down" });
  await expect(pager).toContainText(`1–20 of ${preview.downgrades} · page 1 of ${pages}`);
  await expect(pager.getByRole("button", { name: "Previous page" })).toBeDisabled();
  await expect(downs.locator("tbody tr")).toHaveCount(20);
  await snapshotDialog(page, "security-di-preview-down");
  const seen: string[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n > 1) {
      await pager.getByRole("button", { name: "Next page" }).click();
      await expect(pager).toContainText(`page ${n} of ${pages}`);
      await expect(downs).not.toHaveClass(/opacity-60/); // the page arrived, not the previous one kept on screen
    }
    const rows = await downs.locator("tbody tr").allInnerTexts();
    expect(rows.length).toBe(n < pages ? 20 : preview.downgrades - 20 * (pages - 1));
    for (const row of rows) expect(row).toMatch(/→\s*(Contributor|No Access)/);
    seen.push(...rows);
  }
  await expect(pager.getByRole("button", { name: "Next page" })).toBeDisabled();
  for (const user of DOWNS.slice(1)) expect(seen.filter((row) => row.includes(user))).toHaveLength(1);
  expect(seen.filter((row) => row.includes(FORMULA_NAME))).toHaveLength(1);

  // The other way: its own tab, from its first page.
  await dialog.getByRole("tab", { name: `Going up (${preview.upgrades})` }).click();
  const ups = dialog.getByRole("table", { name: "Seats going up" });
  for (const user of UPS) await expect(ups.getByRole("row").filter({ hasText: user })).toContainText(/Contributor\s*→\s*Member/);
  await expect(downs).toHaveCount(0);
  await expect(dialog.getByRole("navigation", { name: "Pages of going up" })).toContainText("page 1 of");
  await snapshotDialog(page, "security-di-preview-up");

  // Every change as CSV, streamed by the server: downgrades first, fields quoted, formulas defused.
  const downloading = page.waitForEvent("download");
  await dialog.getByRole("link", { name: `Download all ${preview.downgrades + preview.upgrades} changes (CSV)` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^directory-integration-preview-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, "utf8");
  expect(text.startsWith("\uFEFFChange,User,Display name,From,To,Why,User ID\r\n")).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual(["Change", "User", "Display name", "From", "To", "Why", "User ID"]);
  expect(rows).toHaveLength(preview.downgrades + preview.upgrades);
  const directions = rows.map((r) => r[0]);
  expect(directions).toEqual([...Array(preview.downgrades).fill("Down"), ...Array(preview.upgrades).fill("Up")]);
  for (const user of DOWNS) expect(rows.filter((r) => r[1] === user)).toEqual([[ "Down", user, expect.any(String), "Member", "Contributor", expect.any(String), expect.any(String)]]);
  for (const user of UPS) expect(rows.filter((r) => r[1] === user).map((r) => [r[0], r[3], r[4]])).toEqual([["Up", "Contributor", "Member"]]);
  expect(rows.find((r) => r[1] === DOWNS[0])?.[2]).toBe(`'${FORMULA_NAME}`);
  expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Doe, Jane"")"`);

  // Nothing was changed by looking.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("switch", { name: "Directory Integration" })).not.toBeChecked();
});

test("the preview's CSV needs a signed-in admin", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const response = await anonymous.get("/api/directory-integration/preview/export");
  expect(response.status()).toBe(401);
  await anonymous.dispose();
});
