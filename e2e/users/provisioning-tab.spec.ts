import { signIn } from "../support/admin";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
});

test("the Provisioning tab shows what the IdP sent for a user and what it got, the password redacted", async ({ page }) => {
  const userName = `users-provisioning-${Date.now()}@acme.example`;
  const password = `Okta-Sync-${Date.now()}-pw`;
  const id = await withScimToken(async (token) => {
    // Okta's sequence: the existence check, the create with "Sync password" on, then a PATCH.
    const check = await scimRequest(token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`);
    expect(check.json.totalResults).toBe(0);
    const created = await scimRequest(token, "POST", "/Users", { ...scimUser(userName, ["LICENSED_USER"]), password });
    expect(created.status).toBe(201);
    const userId = created.json.id as string;
    const patched = await scimRequest(token, "PATCH", `/Users/${userId}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: "replace", value: { title: "Engineer" } }],
    });
    expect(patched.status).toBe(200);
    return userId;
  });

  await signIn(page, `/users/${id}`);
  await page.getByRole("navigation", { name: "User page" }).getByRole("link", { name: "Provisioning" }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${id}\\?tab=provisioning$`));
  const tab = page.getByRole("region", { name: "Provisioning" });
  const requests = tab.getByTestId("scim-request");
  await expect(requests).toHaveCount(2);
  await expect(requests.nth(0)).toContainText(`PATCH /Users/${id} → 200`);
  await expect(requests.nth(1)).toContainText("POST /Users → 201");

  const create = requests.nth(1);
  const createBodies = create.getByTestId("request-bodies");
  await expect(createBodies.getByTestId("body-request")).toContainText(`"userName": "${userName}"`);
  await expect(createBodies.getByTestId("body-request")).toContainText('"password": "[redacted]"');
  await expect(createBodies.getByTestId("body-response")).toContainText(`"id": "${id}"`);
  await expect(create.getByTestId("scim-lookup")).toContainText(`filter=userName eq "${userName}"`);
  await expect(create.getByTestId("scim-lookup")).toContainText('"totalResults": 0');
  await expect(requests.nth(0).getByTestId("request-bodies").getByTestId("body-request")).toContainText('"title": "Engineer"');
  await expect(tab).not.toContainText(password);
  await snapshot(page, "users-detail-provisioning");

  // The same request, opened from the Activity page.
  await page.goto(`/activity?user=${id}`);
  const row = page.getByRole("row").filter({ hasText: "POST" }).first();
  await row.getByRole("link", { name: "Request and response" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("SCIM request #");
  await expect(page.getByTestId("body-request")).toContainText('"password": "[redacted]"');
  await expect(page.locator("body")).not.toContainText(password);
  await snapshot(page, "activity-scim-request-bodies");
});
