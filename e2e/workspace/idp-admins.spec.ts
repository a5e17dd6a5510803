import { createAdmin, newBrowserPage, signInAs, submitSignIn } from "../admins/admin-people";
import { ADMIN, signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { withSuiteDb } from "../support/db";
import { snapshot } from "../support/screenshots";
import { scimRequest, SCIM_GROUP, SCIM_PATCH, withScimToken } from "../support/scim";
import { ensureTestIdpConnected, signInWithSso } from "../support/sso";
import { expect, test } from "../support/test";
import { patchUser, provisionUser } from "./plan-user";

// Issue 12 item 5: System Admins through the IdP, local admins as break-glass, "require single sign-on".
test.describe.configure({ mode: "serial" });

test("a plan user with USER_ADMIN opens the Admin Center and loses it at the next click once a SCIM PATCH removes the role", async ({ page }) => {
  await withScimToken(async (token) => {
    const ida = await provisionUser(token, "ida", ["USER_ADMIN"]);
    await signInWithSso(page, ida.email);
    await expect(page).toHaveURL(/\/app$/);
    await page.getByRole("banner").getByRole("link", { name: "Admin Center" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(ida.email);
    await page.getByRole("link", { name: "Admins" }).click();
    // What only local admins have: no password to change here.
    await expect(page.getByRole("region", { name: "Your password" })).toContainText("you have no password in this Admin Center");
    await snapshot(page, "admins-idp-admin");

    // The Admin Center's Sign out ends the IdP admin's plan-user session: the workspace is signed out too.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
    await page.goto("/app");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fapp$/);
    const open = await withSuiteDb(async (db) => (await db.row<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND ended_at IS NULL", ida.id))!);
    expect(open.n).toBe(0);
    await signInWithSso(page, ida.email, { path: "/sign-in?callbackUrl=%2Fadmins" });
    await expect(page).toHaveURL(/\/admins$/);

    await patchUser(token, ida.id, { op: "remove", path: "roles" });
    await page.getByRole("link", { name: "Users" }).click();
    await expect(page).toHaveURL(/\/sign-in\?ended=no-admin-rights$/);
    await expect(page.getByRole("main")).toContainText("no longer has System Admin rights");
    // The plan-user session itself stays open for the workspace, without the link.
    await page.goto("/app");
    await expect(page.getByRole("heading", { name: /^Your seat: / })).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: "Admin Center" })).toHaveCount(0);
  });
});

test("a pushed group mapped to USER_ADMIN grants the Admin Center, and leaving the group takes it away", async ({ page }) => {
  await withScimToken(async (token) => {
    const jo = await provisionUser(token, "jo");
    const name = `Okta Admins ${Date.now().toString(36)}`;
    const group = await scimRequest(token, "POST", "/Groups", { schemas: [SCIM_GROUP], displayName: name, members: [{ value: jo.id }] });
    expect(group.status).toBe(201);
    await runCli(["groups", "map", name, "USER_ADMIN"]);

    await signInWithSso(page, jo.email, { protocol: "oidc", path: "/sign-in?callbackUrl=%2Fusers" });
    await expect(page).toHaveURL(/\/users$/);
    await expect(page.getByRole("banner")).toContainText(jo.email);

    const left = await scimRequest(token, "PATCH", `/Groups/${group.json.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: "remove", path: `members[value eq "${jo.id}"]` }],
    });
    expect(left.status).toBeLessThan(300);
    await page.getByRole("link", { name: "Groups" }).click();
    await expect(page).toHaveURL(/\/sign-in\?ended=no-admin-rights$/);
    await runCli(["groups", "unmap", name]);
  });
});

test("require single sign-on: a non-break-glass admin's password is refused and their session ends; the break-glass admin signs in", async ({ page, browser }) => {
  test.setTimeout(120_000); // several password sign-ins
  await ensureTestIdpConnected("saml");
  const bob = await createAdmin("bob", "Bob Builder");
  const bobPage = await newBrowserPage(browser);
  await signInAs(bobPage, bob.email, bob.password);
  try {
    await signIn(page, "/admins");
    const card = page.getByRole("region", { name: "Password sign-in" });
    const requireSso = card.getByRole("switch", { name: /Require single sign-on/ });
    await expect(requireSso).toBeDisabled();
    await expect(card).toContainText("Mark at least one admin as break-glass first");

    // The local admin marks themselves break-glass, then requires single sign-on (confirmed).
    const adaRow = page.locator(`tr[data-admin="${ADMIN.email}"]`);
    await adaRow.getByRole("button", { name: `Mark ${ADMIN.email} as break-glass` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Mark break-glass" }).click();
    await expect(adaRow).toContainText("Break-glass");
    await requireSso.click();
    const confirm = page.getByRole("alertdialog", { name: "Require single sign-on for System Admins?" });
    await expect(confirm).toContainText("their open password sessions end now");
    await confirm.getByRole("button", { name: "Require single sign-on" }).click();
    await expect(card.getByRole("status")).toHaveText(/^Single sign-on is required\. \d+ password sessions? of other admins ended\.$/);
    await expect(requireSso).toBeChecked();
    await snapshot(page, "admins-require-sso");

    // Bob's open session ended; his right password is refused now, and the refusal is logged.
    await bobPage.reload();
    await expect(bobPage).toHaveURL(/\/sign-in\?ended=sso-required$/);
    await expect(bobPage.getByRole("main")).toContainText("requires single sign-on");
    await submitSignIn(bobPage, bob.email, bob.password);
    await expect(bobPage).toHaveURL(/\/sign-in/);
    await expect(bobPage.getByRole("main").getByRole("alert")).toBeVisible();
    const refusal = await withSuiteDb(async (db) =>
      db.row<{ reason: string }>("SELECT reason FROM activity WHERE action = 'sign-in.refused' AND actor = ? ORDER BY id DESC LIMIT 1", bob.email),
    );
    expect(refusal?.reason).toMatch(/single sign-on is required/);

    // The break-glass admin still signs in with a password.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
    await signIn(page, "/admins");
    await expect(page.getByRole("heading", { name: "Admins", level: 1 })).toBeVisible();
  } finally {
    await runCli(["admin", "require-sso", "off"]);
    await runCli(["admin", "break-glass", ADMIN.email, "off"]);
    await bobPage.context().close();
  }
});
