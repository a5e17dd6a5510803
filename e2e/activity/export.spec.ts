import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { scimRequest } from "../support/scim";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";

test("the Activity CSV export holds exactly the entries of the current filter, newest first", async ({ page }) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  // Three refused requests that only this run makes: the filter below matches them and nothing else.
  for (const n of [1, 2, 3]) expect((await scimRequest(`acscim_export-${run}-${n}`, "GET", `/Users/export-${run}-${n}`)).status).toBe(401);

  const anonymous = await fetch(`${suite().baseURL}/api/activity/export?q=export-${run}`);
  expect(anonymous.status).toBe(401);

  await signIn(page, `/activity?q=export-${run}`);
  const log = page.getByRole("table", { name: "Activity log, newest first" });
  // The SCIM request log is written in batches: refresh until the three are listed.
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(log.getByRole("row")).toHaveCount(4, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Export CSV/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, "utf8");
  const [header, ...rows] = parse(text, { bom: true }) as string[][];
  expect(header!.slice(0, 8)).toEqual(["Time (UTC)", "Kind", "By", "Action", "User", "Method", "Path", "Status"]);
  expect(rows.map((r) => r[6])).toEqual([3, 2, 1].map((n) => `/Users/export-${run}-${n}`));
  for (const r of rows) expect(r.slice(1, 8)).toEqual(["scim", "unauthenticated", "scim.get", "", "GET", r[6], "401"]);
});
