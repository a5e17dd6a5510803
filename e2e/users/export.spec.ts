import { readFileSync } from "node:fs";
import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { scimRequest, scimUser, withScimToken } from "../support/scim";
import { seedUsers, seedKind, type SeededUsers } from "../support/seed-users";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";
import { parse } from "csv-parse/sync";

/** RFC 4180 records, read back by csv-parse (a parser of our own would share our writer's mistakes). */
const parseCsv = (text: string): string[][] => parse(text) as string[][];

const PREFIX = "csv-";
let seeded: SeededUsers;

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
  seeded = await seedUsers({ prefix: PREFIX, count: 40, domain: "acme.example" });
});


test("the CSV export holds exactly the users of the current filter, in its order, with formulas defused", async ({ page }) => {
  const formula = `${PREFIX}formula-${Date.now()}@acme.example`;
  await withScimToken(async (token) => {
    const body = { ...scimUser(formula, ["LICENSED_USER"]), displayName: '=HYPERLINK("http://evil.example","Click")' };
    expect((await scimRequest(token, "POST", "/Users", body)).status).toBe(201);
  });
  // Signed out, the export answers 401 and no row.
  const anonymous = await fetch(`${suite().baseURL}/api/users/export?q=${PREFIX}`);
  expect(anonymous.status).toBe(401);

  await signIn(page, `/users?q=${PREFIX}&seat=Member&status=active&sort=email&dir=desc`);
  const members = Array.from({ length: seeded.count }, (_, i) => i).filter((i) => seedKind(i) === "member");
  await expect(page.getByTestId("match-count")).toContainText(`${members.length + 1} users match`);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Export CSV/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header!.slice(0, 6)).toEqual(["Name", "Username", "Email", "Seat", "Status", "Source"]);
  // The filter's users and no other, in the list's order (email, descending).
  const expected = [...members.map((i) => seeded.userName(i)), formula].sort().reverse();
  expect(rows.map((r) => r[1])).toEqual(expected);
  for (const r of rows) expect(r.slice(3, 5)).toEqual(["Member", "active"]);
  // A name that is a formula stays text in a spreadsheet.
  const evil = rows.find((r) => r[1] === formula)!;
  expect(evil[0]).toBe(`'=HYPERLINK("http://evil.example","Click")`);
  expect(evil[7]).toBe("LICENSED_USER (IdP)");
});
