/**
 * Issue 12's "Done when", as a new System Admin and a plan user would live it: the admin
 * connects the test SAML IdP through the Admin Center alone (its metadata pasted on the
 * Single sign-on screen, then turned on), a person the IdP provisioned signs in and
 * appears in Users with their first sign-in, and the IdP's deactivation cuts their open
 * browser off at its next click. Screenshots at each step (e2e/.artifacts/screens).
 */
import { signIn } from "../support/admin";
import { withSuiteDb } from "../support/db";
import { ensureDirectoryIntegration } from "../support/directory";
import { ensureValidatedDomain } from "../support/dns";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { testSamlIdp } from "../support/sso";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";

test("connect SAML through the screen, a plan user signs in and shows in Users, and a SCIM deactivation cuts their open browser off", async ({ page, browser }) => {
  await ensureDirectoryIntegration();
  await ensureValidatedDomain("acme.example");
  await withSuiteDb(async (db) => db.execute("DELETE FROM sso_connection"));
  const idp = await testSamlIdp();
  const person = `walk.${Date.now().toString(36)}@acme.example`;
  const id = await withScimToken(async (token) => {
    const created = await scimRequest(token, "POST", "/Users", { ...scimUser(person), displayName: "Walk Through" });
    expect(created.status).toBe(201);
    return created.json.id as string;
  });

  // The admin: Security & Controls › Single sign-on, the IdP's metadata pasted, saved, turned on.
  await signIn(page, "/security/sso");
  const form = page.getByRole("region", { name: "Your IdP's side (SAML 2.0)" });
  await form.getByLabel("IdP metadata XML", { exact: true }).fill(idp.metadataXml);
  await form.getByRole("button", { name: "Save SAML settings" }).click();
  await expect(form.getByRole("status").filter({ hasText: "Saved from the IdP's metadata" })).toBeVisible();
  const enabled = page.getByRole("switch", { name: /Single sign-on through/ });
  await enabled.click();
  await expect(enabled).toBeChecked();
  await snapshot(page, "walkthrough-1-connected");

  // Pushed without roles, the person is among "Not signed in yet" until they sign in (docs/product.md §3.6).
  await page.goto(`/users?q=${encodeURIComponent(person)}`);
  await expect(page.getByTestId("match-count")).toHaveText("0 users match");

  // The plan user, in a browser of their own: email, the IdP's page, back in the workspace.
  const context = await browser.newContext({ baseURL: suite().baseURL });
  const user = await context.newPage();
  await user.goto("/sign-in");
  await user.getByLabel("Email").fill(person);
  await user.getByRole("button", { name: "Continue with single sign-on" }).click();
  await user.waitForURL((url) => url.origin === idp.url);
  await snapshot(user, "walkthrough-2-idp-login");
  await user.getByLabel("Sign in as").fill(person);
  await user.getByRole("button", { name: "Sign in" }).click();
  await user.waitForURL(/\/app$/);
  await expect(user.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(user.getByText("Walk Through").first()).toBeVisible();
  await snapshot(user, "walkthrough-3-workspace");

  // The admin sees them in Users now, with their first sign-in.
  await page.reload();
  await expect(page.getByTestId("match-count")).toHaveText("1 user matches");
  await page.getByRole("table", { name: "Users" }).getByRole("link", { name: "Walk Through" }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${id}$`));
  await expect(page.getByText(/First sign-in/).first()).toBeVisible();
  await expect(page.getByText("Not signed in yet")).toHaveCount(0);
  await snapshot(page, "walkthrough-4-user-signed-in");

  // The IdP deactivates them while their browser is open: the next click is refused.
  await withScimToken(async (token) => {
    const patched = await scimRequest(token, "PATCH", `/Users/${id}`, { schemas: [SCIM_PATCH], Operations: [{ op: "replace", value: { active: false } }] });
    expect(patched.status).toBe(200);
  });
  await user.getByLabel("Sheet name").fill("After the cut-off");
  await user.getByRole("button", { name: "Create sheet" }).click();
  await user.waitForURL(/\/sign-in\?ended=deactivated/);
  await expect(user.getByRole("main")).toContainText("Your account was deactivated");
  await snapshot(user, "walkthrough-5-cut-off");
  const sheets = await withSuiteDb(async (db) => (await db.row<{ n: number }>("SELECT count(*) AS n FROM sheets WHERE owner_id = ?", id))!);
  expect(sheets.n).toBe(0);
  await context.close();
});
