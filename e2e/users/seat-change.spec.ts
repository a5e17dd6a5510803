import { signIn } from "../support/admin";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDirectoryIntegration } from "../support/directory";

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
});

test("a manual seat change is warned about, saved as a pending override, then replaced by the next SCIM sync", async ({ page }) => {
  const userName = `users-override-${Date.now()}@acme.example`;
  await withScimToken(async (token) => {
    const created = await scimRequest(token, "POST", "/Users", scimUser(userName, ["LICENSED_USER"]));
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    await signIn(page, `/users/${id}`);
    const seat = page.getByRole("region", { name: "Seat", exact: true });
    await expect(seat.getByTestId("current-seat")).toContainText("Member");
    await expect(seat.getByTestId("di-managed")).toContainText("Yes: at every sync Directory Integration sets this seat");
    await expect(seat).toContainText("LICENSED_USER via SCIM roles");
    await expect(page.getByRole("region", { name: "Profile from the identity provider" })).toContainText(userName);
    await snapshot(page, "users-detail-member");

    await seat.getByRole("button", { name: "Change seat" }).click();
    const dialog = page.getByRole("dialog", { name: `Change the seat of ${userName}` });
    // Only the transitions the Admin Center makes can be chosen.
    await expect(dialog.getByRole("radio")).toHaveCount(2);
    await expect(dialog.getByRole("radio", { name: /^Provisional Member/ })).toHaveCount(0);

    await dialog.getByRole("radio", { name: /^Contributor/ }).check();
    await expect(dialog).toContainText(
      "Directory Integration manages this user's seat and will replace Contributor with Member at the next sync (Member: role LICENSED_USER",
    );
    await expect(dialog).toContainText("What DI would set: Member.");
    const save = dialog.getByRole("button", { name: "Save anyway" });
    await expect(save).toBeDisabled();
    await snapshot(page, "users-change-seat-warning");
    await dialog.getByRole("checkbox", { name: /I understand that Directory Integration will replace this change/ }).check();
    await save.click();
    await expect(dialog).toBeHidden();

    await expect(seat.getByTestId("current-seat")).toContainText("Contributor");
    await expect(page.getByText("Pending override: An admin set Contributor; Directory Integration will set Member at the next sync.")).toBeVisible();
    const history = page.getByRole("region", { name: "History", exact: true });
    await expect(history.locator('[data-action="seat.override_pending"]')).toContainText("Member → Contributor");
    await snapshot(page, "users-detail-pending-override");

    // Any SCIM write that touches the user is a sync: DI sets Member again.
    const patched = await scimRequest(token, "PATCH", `/Users/${id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: "replace", path: "title", value: "Staff Engineer" }],
    });
    expect(patched.status).toBe(200);

    await page.reload();
    await expect(seat.getByTestId("current-seat")).toContainText("Member");
    await expect(page.getByText(/^Pending override/)).toHaveCount(0);
    const replaced = history.locator('[data-action="seat.override_replaced"]');
    await expect(replaced).toContainText("Admin's seat change replaced by Directory Integration: Contributor → Member");
    await expect(replaced).toContainText("replaces the manual change to Contributor by an admin");
    await expect(page.getByRole("region", { name: "Profile from the identity provider" })).toContainText("Staff Engineer");
  });
});

test("a transition the Admin Center cannot make is explained with where it is made", async ({ page }) => {
  const userName = `users-unsupported-${Date.now()}@acme.example`;
  const id = await withScimToken(async (token) => {
    const created = await scimRequest(token, "POST", "/Users", scimUser(userName, ["LICENSED_USER"]));
    expect(created.status).toBe(201);
    return created.json.id as string;
  });

  await signIn(page, `/users/${id}`);
  await page.getByRole("button", { name: "Change seat" }).click();
  const dialog = page.getByRole("dialog", { name: `Change the seat of ${userName}` });
  const notHere = dialog.getByRole("region", { name: "Not made here" });
  const provisional = notHere.locator('[data-seat="Provisional Member"]');
  await expect(provisional).toContainText("Member → Provisional Member (Not possible)");
  await expect(provisional).toContainText(
    "neither the Admin Center nor Directory Integration can downgrade a Member to Provisional Member. Choose Contributor to remove the paid seat.",
  );
  // A change the Admin Center makes and DI leaves alone: no warning, the change stays.
  await dialog.getByRole("radio", { name: /^No Access/ }).check();
  await expect(dialog).toContainText("Directory Integration leaves No Access users alone");
  await expect(dialog.getByRole("button", { name: "Save seat" })).toBeEnabled();
  await snapshot(page, "users-change-seat-unsupported");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
});
