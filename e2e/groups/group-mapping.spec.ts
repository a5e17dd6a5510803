import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { SCIM_GROUP, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDirectoryIntegration } from "../support/directory";

interface CliUser {
  userName: string;
  seatType: string;
}

/** Seats by user name, including users in no group with no role ("not signed in yet"). */
async function seatsOf(prefix: string): Promise<Record<string, string>> {
  const lists = await Promise.all(
    [[], ["--pending"]].map((extra) =>
      runCli<{ users: CliUser[] }>(["users", "list", "--search", prefix, "--page-size", "50", ...extra]),
    ),
  );
  return Object.fromEntries(lists.flatMap((l) => l.users).map((u) => [u.userName.split("@")[0], u.seatType]));
}

test("a pushed group is mapped to a role after a preview of whose seats change, then unmapped", async ({ page }) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  const prefix = `grp${run}`;
  const groupName = `Groups spec ${run} Licensed`;

  // What Okta does: provision users (one already licensed by a direct role), then push a group.
  await withScimToken(async (token) => {
    const ids: string[] = [];
    for (const [name, roles] of [
      ["ann", []],
      ["bob", []],
      ["cyd", ["LICENSED_USER"]],
      ["dee", []],
    ] as const) {
      const created = await scimRequest(token, "POST", "/Users", scimUser(`${prefix}-${name}@acme.example`, [...roles]));
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      ids.push(created.json.id as string);
    }
    const group = await scimRequest(token, "POST", "/Groups", {
      schemas: [SCIM_GROUP],
      displayName: groupName,
      members: ids.slice(0, 3).map((value) => ({ value })),
    });
    expect(group.status, JSON.stringify(group.json)).toBe(201);
  });
  expect(await seatsOf(prefix)).toEqual({
    [`${prefix}-ann`]: "Contributor",
    [`${prefix}-bob`]: "Contributor",
    [`${prefix}-cyd`]: "Member",
    [`${prefix}-dee`]: "Contributor",
  });

  await signIn(page, "/groups");
  await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
  await expect(page.getByText("Saving a mapping re-syncs its members' seats at once")).toBeVisible();
  await page.getByLabel("Search groups").fill(`spec ${run}`);
  const row = page.getByRole("row", { name: new RegExp(groupName) });
  await expect(row).toBeVisible();
  await expect(row).toContainText("3");
  await expect(row).toContainText("Not mapped");

  await row.getByRole("button", { name: `Map ${groupName} to a role` }).click();
  const dialog = page.getByRole("dialog", { name: `Map “${groupName}” to a role` });
  await expect(dialog).toBeVisible();
  const save = dialog.getByRole("button", { name: "Save mapping and update seats" });
  await expect(save).toBeDisabled();
  await dialog.getByLabel("Role").selectOption("LICENSED_USER");
  const preview = dialog.getByRole("region", { name: "Preview of seat changes" });
  await expect(preview).toContainText("2 go up");
  await expect(preview).toContainText("0 go down");
  await expect(preview).toContainText("1 unchanged");
  for (const name of ["ann", "bob"]) {
    const change = preview.getByRole("row", { name: new RegExp(`${prefix}-${name}@acme.example`) });
    await expect(change).toContainText("Contributor → Member");
    await expect(change).toContainText(`LICENSED_USER from group '${groupName}'`);
  }
  await expect(preview).not.toContainText(`${prefix}-cyd`);
  await snapshot(page, "groups-map-preview");

  // Nothing is saved by the preview.
  expect((await seatsOf(prefix))[`${prefix}-ann`]).toBe("Contributor");

  await save.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: `'${groupName}' now grants Licensed User` })).toContainText(
    "2 seats changed: 2 up, 0 down.",
  );
  await expect(row).toContainText("LICENSED_USER");
  await expect(row).toContainText("Member seat");
  expect(await seatsOf(prefix)).toEqual({
    [`${prefix}-ann`]: "Member",
    [`${prefix}-bob`]: "Member",
    [`${prefix}-cyd`]: "Member",
    [`${prefix}-dee`]: "Contributor",
  });
  const members = await runCli<{ users: CliUser[] }>(["users", "list", "--seat", "Member", "--search", prefix]);
  expect(members.users.map((u) => u.userName).sort()).toEqual(
    ["ann", "bob", "cyd"].map((n) => `${prefix}-${n}@acme.example`),
  );
  await snapshot(page, "groups");

  // Removing the mapping previews and makes the reverse change.
  await row.getByRole("button", { name: `Remove mapping of ${groupName}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Remove the mapping of “${groupName}”?` });
  const unmapPreview = confirm.getByRole("region", { name: "Preview of seat changes" });
  await expect(unmapPreview).toContainText("2 go down");
  await expect(unmapPreview.getByRole("row", { name: new RegExp(`${prefix}-ann@`) })).toContainText("Member → Contributor");
  await confirm.getByRole("button", { name: "Remove mapping" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "no longer grants a role" })).toContainText(
    "2 seats changed: 0 up, 2 down.",
  );
  await expect(row).toContainText("Not mapped");
  expect((await seatsOf(prefix))[`${prefix}-ann`]).toBe("Contributor");

  // The seat changes are in the activity log, with the group as the reason.
  await page.goto(`/activity?kind=seat&q=${prefix}-ann`);
  const entries = page.getByRole("table", { name: "Activity log, newest first" });
  await expect(entries.getByRole("row").filter({ hasText: "Member → Contributor" })).toHaveCount(1);
  await expect(entries.getByRole("row").filter({ hasText: "Contributor → Member" })).toContainText(
    `from group '${groupName}'`,
  );
});

test("with Directory Integration off, the Groups page says a mapping applies only when DI is turned on", async ({ page }) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  const groupName = `Groups spec ${run} Admins`;
  await withScimToken(async (token) => {
    const user = await scimRequest(token, "POST", "/Users", scimUser(`grp${run}-eve@acme.example`));
    expect(user.status).toBe(201);
    const group = await scimRequest(token, "POST", "/Groups", {
      schemas: [SCIM_GROUP],
      displayName: groupName,
      members: [{ value: user.json.id }],
    });
    expect(group.status).toBe(201);
  });

  await runCli(["di", "off"]);
  try {
    await signIn(page, "/groups");
    await expect(page.getByText("no seat changes until DI is turned on")).toBeVisible();
    await expect(page.getByRole("link", { name: "Security & Controls › Directory Integration" })).toHaveAttribute(
      "href",
      "/security/directory",
    );
    await page.getByLabel("Search groups").fill(`spec ${run}`);
    await page.getByRole("button", { name: `Map ${groupName} to a role` }).click();
    const dialog = page.getByRole("dialog", { name: `Map “${groupName}” to a role` });
    await dialog.getByLabel("Role").selectOption("LICENSED_USER");
    const preview = dialog.getByRole("region", { name: "Preview of seat changes" });
    await expect(preview).toContainText("0 go up");
    await expect(preview).toContainText("1 unchanged");
    await expect(preview).toContainText("The mapping takes effect when DI is turned on");
    await expect(dialog.getByRole("button", { name: "Save mapping" })).toBeEnabled();
    await snapshot(page, "groups-di-off-preview");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await snapshot(page, "groups-di-off");
  } finally {
    await runCli(["di", "on"]);
  }
});
