import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDirectoryIntegration, isDirectoryIntegrationOn } from "../support/directory";

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
});

test.afterAll(async () => {
  // Later specs expect DI on: restore it if a failure left it off midway.
  if (!(await isDirectoryIntegrationOn())) await runCli(["di", "on"]);
});

const active = (value: boolean) => ({ schemas: [SCIM_PATCH], Operations: [{ op: "replace", value: { active: value } }] });

test("the IdP's reactivation request is shown and the admin reactivates through the guided sequence", async ({ page }) => {
  const userName = `users-reactivate-${Date.now()}@acme.example`;
  const id = await withScimToken(async (token) => {
    const created = await scimRequest(token, "POST", "/Users", scimUser(userName, ["LICENSED_USER"]));
    expect(created.status).toBe(201);
    const userId = created.json.id as string;
    expect((await scimRequest(token, "PATCH", `/Users/${userId}`, active(false))).status).toBe(200);
    const asked = await scimRequest(token, "PATCH", `/Users/${userId}`, active(true));
    // docs/product.md §3: DI does not reactivate; SCIM answers with the true state.
    expect(asked.status).toBe(200);
    expect(asked.json.active).toBe(false);
    return userId;
  });

  await signIn(page, "/users?reactivation=requested");
  await expect(page.getByRole("checkbox", { name: "Reactivation requested" })).toBeChecked();
  // The list names users by their name from the IdP (scimUser: "<local part> Example").
  const link = page.getByRole("link", { name: `${userName.split("@")[0]} Example` });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/users/${id}$`));

  await expect(page.getByText(/^The identity provider asked to reactivate this user on \d+ \w+ \d{4}, \d\d:\d\d UTC\.$/)).toBeVisible();
  const account = page.getByRole("region", { name: "Account", exact: true });
  await expect(account.getByRole("button", { name: "Reactivate", exact: true })).toBeDisabled();
  await expect(account).toContainText("Reactivate is disabled while Directory Integration is on");
  await snapshot(page, "users-detail-reactivation-requested");

  await account.getByRole("button", { name: "Start guided reactivation" }).click();
  const dialog = page.getByRole("dialog", { name: `Reactivate ${userName}` });
  await expect(dialog).toContainText("Directory Integration never reactivates a user");

  // Step 1: DI off, confirmed.
  await dialog.getByRole("button", { name: "Turn DI off…" }).click();
  await dialog.getByRole("button", { name: "Yes, turn Directory Integration off" }).click();
  await expect(dialog).toContainText("Directory Integration is off. SCIM requests are refused (403)");
  expect(await isDirectoryIntegrationOn()).toBe(false);
  // While DI is off the dialog cannot be dismissed by accident.
  await expect(dialog.getByRole("button", { name: "Close and leave DI off" })).toBeVisible();

  // Step 2: reactivate, confirmed.
  await dialog.getByRole("button", { name: "Reactivate…" }).click();
  await dialog.getByRole("button", { name: "Yes, reactivate" }).click();
  await expect(dialog).toContainText(`${userName} is active again, with the seat they had (Member).`);

  // Step 3: DI on, with the preview of the re-evaluation, confirmed.
  await expect(dialog).toContainText(/Turning Directory Integration on re-evaluates every user from the identity provider: \d+ seats? up/);
  await snapshot(page, "users-guided-reactivation-step-3");
  await dialog.getByRole("button", { name: "Turn DI on…" }).click();
  await dialog.getByRole("button", { name: "Yes, turn Directory Integration on" }).click();
  await expect(dialog).toContainText(/Directory Integration is on again\. Re-evaluated every user: \d+ up, \d+ down, \d+ unchanged\./);
  await expect(dialog).toContainText(`Done: ${userName} is active and Directory Integration is on.`);
  expect(await isDirectoryIntegrationOn()).toBe(true);

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("current-seat")).toContainText("Member");
  await expect(page.getByText(/^The identity provider asked to reactivate this user on/)).toHaveCount(0);
  await expect(account).toContainText("Active: the user can sign in");
  const history = page.getByRole("region", { name: "History", exact: true });
  await expect(history.locator('[data-action="user.reactivated"]')).toContainText("the identity provider had asked for it");
  await expect(history.locator('[data-action="user.reactivation_requested"]')).toBeVisible();
});
