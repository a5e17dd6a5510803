import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";

test("the Overview shows SCIM requests and failures by kind and each active token's last request", async ({ page }) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  const userName = `health${run}@acme.example`;

  await withScimToken(async (token) => {
    const created = await scimRequest(token, "POST", "/Users", scimUser(userName));
    expect(created.status).toBe(201);
    const patch = { schemas: [SCIM_PATCH], Operations: [{ op: "replace", value: { active: false } }] };
    expect((await scimRequest(token, "PATCH", `/Users/${created.json.id}`, patch)).status).toBe(200);
    expect((await scimRequest(token, "GET", `/Users/${created.json.id}`)).status).toBe(200);
    // The last request of this token: a duplicate create, refused.
    expect((await scimRequest(token, "POST", "/Users", scimUser(userName))).status).toBe(409);

    await signIn(page, "/");
    const health = page.getByRole("region", { name: "Provisioning health" });
    const tokenRow = health.getByRole("listitem").filter({ hasText: /^e2e / }).last();
    // Reads and failures reach the log in batches: reload until the last one is there.
    await expect(async () => {
      await page.reload();
      await expect(tokenRow).toContainText("POST /Users", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(tokenRow).toContainText("Failed: 409");

    for (const kind of ["create", "update", "read", "total"]) {
      await expect(health.locator(`tr[data-kind="${kind}"]`)).toBeVisible();
    }
    const creates = health.locator('tr[data-kind="create"]');
    await expect(creates.getByRole("link", { name: /failed/ }).first()).toHaveAttribute("href", "/activity?kind=scim&status=failed&period=24h");
    await expect(health).toContainText(/Deactivations applied: [1-9][\d,]* in the last 24 hours/);
    await health.scrollIntoViewIfNeeded();
    await snapshot(page, "overview-provisioning-health");
  });
});
