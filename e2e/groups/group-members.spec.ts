import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_GROUP, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";

test("a pushed group's page lists its members a page at a time and when a push last changed it", async ({ page }) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  const groupName = `Members spec ${run}`;
  const names = Array.from({ length: 30 }, (_, i) => `mem${run}-${String(i).padStart(2, "0")}@acme.example`);

  const groupId = await withScimToken(async (token) => {
    const ids: string[] = [];
    for (const userName of names) {
      const created = await scimRequest(token, "POST", "/Users", scimUser(userName));
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      ids.push(created.json.id as string);
    }
    const group = await scimRequest(token, "POST", "/Groups", {
      schemas: [SCIM_GROUP],
      displayName: groupName,
      externalId: `okta-${run}`,
      members: ids.map((value) => ({ value })),
    });
    expect(group.status, JSON.stringify(group.json)).toBe(201);
    // Okta repeats the name with a membership push: a push that changes nothing is still "last pushed".
    const again = await scimRequest(token, "PATCH", `/Groups/${group.json.id as string}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", value: { displayName: groupName } }],
    });
    expect(again.status, JSON.stringify(again.json)).toBeLessThan(300);
    return group.json.id as string;
  });

  await signIn(page, "/groups");
  await page.getByLabel("Search groups").fill(`Members spec ${run}`);
  await expect(page.getByText(`1 group matching “Members spec ${run}”`)).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(groupName) });
  await expect(row).toContainText("30");
  await expect(page.getByRole("columnheader", { name: "Last pushed" })).toBeVisible();
  await expect(row).not.toContainText("Not in the last");
  // Mapping is a quiet secondary action, not a primary button on every row.
  const map = row.getByRole("button", { name: `Map ${groupName} to a role` });
  await expect(map).toHaveClass(/border-slate-300/);
  await expect(map).not.toHaveClass(/bg-blue-700/);
  await snapshot(page, "groups-list");

  await row.getByRole("link", { name: groupName }).click();
  await expect(page).toHaveURL(new RegExp(`/groups/${groupId}$`));
  await expect(page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${groupName} · Groups`));
  const details = page.getByRole("region", { name: "About this group" });
  await expect(details).toContainText(`okta-${run}`);
  await expect(details).toContainText("First pushed");
  await expect(details).toContainText("Last changed by a push");
  await expect(details).toContainText("Last pushed");
  await expect(details).toContainText("also one that changed nothing");
  await expect(details).not.toContainText("Not in the last");
  await expect(details).toContainText("Not mapped");

  const members = page.getByRole("region", { name: "Members" });
  const pager = members.getByRole("navigation", { name: "Member pages" });
  await expect(pager).toContainText("Showing 1–30 of 30 members");
  await expect(members.getByRole("row")).toHaveCount(31);
  await pager.getByLabel("Rows per page").selectOption("25");
  await expect(pager).toContainText("Showing 1–25 of 30 members");
  await expect(members.getByRole("row").nth(1)).toContainText(names[0]!);
  await pager.getByRole("button", { name: "Next" }).click();
  await expect(pager).toContainText("Showing 26–30 of 30 members");
  await expect(members.getByRole("row")).toHaveCount(6);
  await expect(members.getByRole("row").nth(5)).toContainText(names[29]!);
  await expect(members.getByRole("link", { name: names[29]! })).toHaveAttribute("href", /^\/users\//);
  await snapshot(page, "group-members");

  await page.goto("/groups/no-such-group");
  await expect(page.getByText(/not found|could not be found/i).first()).toBeVisible();
});
