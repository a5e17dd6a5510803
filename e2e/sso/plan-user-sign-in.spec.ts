import type { Browser } from "@playwright/test";
import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { withSuiteDb } from "../support/db";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { connectTestIdp, setSamlBrowserTamper, signInWithSso, stopTestIdps, testSamlIdp } from "../support/sso";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";

const stamp = Date.now().toString(36);
const email = (who: string) => `${who}.${stamp}@acme.example`;

/** A user the IdP pushed without roles or groups: until they sign in, they are "Not signed in yet" (docs/product.md §3.6). */
async function createScimUser(userName: string): Promise<string> {
  return withScimToken(async (token) => {
    const created = await scimRequest(token, "POST", "/Users", scimUser(userName));
    expect(created.status).toBe(201);
    return created.json.id as string;
  });
}

async function deactivateByScim(id: string): Promise<void> {
  await withScimToken(async (token) => {
    const patched = await scimRequest(token, "PATCH", `/Users/${id}`, { schemas: [SCIM_PATCH], Operations: [{ op: "replace", value: { active: false } }] });
    expect(patched.status).toBe(200);
  });
}

const userRow = async (userName: string) =>
  withSuiteDb(async (db) =>
    db.row<{ id: string; seat_type: string; source: string; first_sign_in_at: number | null }>(
      "SELECT id, seat_type, source, first_sign_in_at FROM users WHERE email_norm = ?",
      userName.toLowerCase(),
    ),
  );

const lastActivity = async (action: string) =>
  withSuiteDb(async (db) =>
    db.row<{ reason: string; client_address: string | null; details: string }>(
      "SELECT reason, client_address, details FROM activity WHERE action = ? ORDER BY id DESC LIMIT 1",
      action,
    ),
  );

/** The admin's view of the Users page main list, which leaves out who has not signed in yet. */
async function expectInMainUserList(browser: Browser, userName: string, listed: boolean): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, `/users?q=${encodeURIComponent(userName)}`);
    await expect(page.getByTestId("match-count")).toHaveText(listed ? "1 user matches" : "0 users match");
    await expect(page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: userName })).toHaveCount(listed ? 1 : 0);
  } finally {
    await context.close();
  }
}

test.beforeAll(async () => {
  await ensureDirectoryIntegration();
  await runCli(["settings", "set", "uap", "off"]);
});

test.afterAll(async () => {
  await setSamlBrowserTamper("none");
  await stopTestIdps();
});

for (const protocol of ["saml", "oidc"] as const) {
  test(`a plan user signs in by ${protocol === "saml" ? "SAML" : "OpenID Connect"}; the first sign-in takes them out of "Not signed in yet"`, async ({ page, browser }) => {
    const userName = email(`first-${protocol}`);
    await createScimUser(userName);
    expect((await userRow(userName))?.first_sign_in_at).toBeNull();
    await expectInMainUserList(browser, userName, false);

    await signInWithSso(page, userName, { protocol });
    await expect(page).toHaveURL(/\/app(\?|$|\/)/);
    expect((await userRow(userName))?.first_sign_in_at).not.toBeNull();
    expect(await lastActivity("sso.sign-in")).toMatchObject({ client_address: "127.0.0.1" });
    await expectInMainUserList(browser, userName, true);
  });
}

test("the sign-in page offers single sign-on above the admins' password, and explains an unknown domain", async ({ page }) => {
  await signInWithSso(page, email("page-check"), { protocol: "saml" }); // connects the IdP
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Continue with single sign-on" })).toBeVisible();
  await expect(page.getByText("People of this plan sign in with Test SAML IdP")).toBeVisible();
  await snapshot(page, "sso-sign-in-page");
  await page.getByLabel("Email").fill("someone@elsewhere.example");
  await page.getByRole("button", { name: "Continue with single sign-on" }).click();
  await expect(page).toHaveURL(/sso=no-connection/);
  await expect(page.getByRole("alert").filter({ hasText: "Single sign-on is not set up for @elsewhere.example" })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("someone@elsewhere.example");
  await snapshot(page, "sso-sign-in-no-connection");
});

test("UAP on: a person on a validated domain joins as a Contributor", async ({ page }) => {
  await runCli(["settings", "set", "uap", "on"]);
  try {
    const userName = email("uap-join");
    await signInWithSso(page, userName, { protocol: "saml" });
    await expect(page).toHaveURL(/\/app(\?|$|\/)/);
    expect(await userRow(userName)).toMatchObject({ seat_type: "Contributor", source: "uap" });
  } finally {
    await runCli(["settings", "set", "uap", "off"]);
  }
});

test("UAP off: a person who is not on the plan is refused, and told the IdP provisions people", async ({ page }) => {
  const userName = email("uap-off");
  await signInWithSso(page, userName, { protocol: "oidc" });
  await expect(page).toHaveURL(/\/sso\/refused\?reason=not-on-plan/);
  await expect(page.getByRole("heading", { name: "You are not on this plan yet" })).toBeVisible();
  await expect(page.getByText("the identity provider provisions people")).toBeVisible();
  await expect(page.getByText("Ada Admin")).toBeVisible();
  expect(await userRow(userName)).toBeUndefined();
  await snapshot(page, "sso-refused-not-on-plan");
});

test("a deactivated user is refused with a page that says so and whom to ask", async ({ page }) => {
  const userName = email("deactivated");
  await deactivateByScim(await createScimUser(userName));
  await signInWithSso(page, userName, { protocol: "saml" });
  await expect(page).toHaveURL(/\/sso\/refused\?reason=deactivated/);
  await expect(page.getByText(`${userName} was deactivated and cannot sign in`)).toBeVisible();
  await expect(page.getByRole("link", { name: "ada@acme.example" })).toBeVisible();
  expect((await lastActivity("sso.sign-in.refused"))?.reason).toContain("deactivated");
  await snapshot(page, "sso-refused-deactivated");
});

test("a response that fails the protocol checks is refused and logged with the failed check", async ({ page }) => {
  const userName = email("tampered");
  await createScimUser(userName);
  await setSamlBrowserTamper("unsigned");
  try {
    await signInWithSso(page, userName, { protocol: "saml" });
  } finally {
    await setSamlBrowserTamper("none");
  }
  await expect(page).toHaveURL(/\/sso\/refused\?reason=invalid-response/);
  await expect(page.getByRole("heading", { name: "The sign-in could not be verified" })).toBeVisible();
  const entry = (await lastActivity("sso.refused"))!;
  expect(JSON.parse(entry.details)).toEqual({ protocol: "saml", check: "Signature" });
  expect(entry.client_address).toBe("127.0.0.1");
  expect((await userRow(userName))?.first_sign_in_at).toBeNull();
  await snapshot(page, "sso-refused-invalid-response");
});

test("SCIM active:false cuts an open session off: the next request is refused", async ({ page }) => {
  const userName = email("cut-off");
  const id = await createScimUser(userName);
  await signInWithSso(page, userName, { protocol: "oidc" });
  await expect(page).toHaveURL(/\/app(\?|$|\/)/);
  await deactivateByScim(id);
  // The page stays open; its next request finds the session ended.
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in\?ended=deactivated/);
  await expect(page.getByRole("status").filter({ hasText: "Your account was deactivated" })).toBeVisible();
  const open = await withSuiteDb(async (db) => (await db.row<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND ended_at IS NULL", id))!);
  expect(open.n).toBe(0);
  await snapshot(page, "sso-sign-in-ended-deactivated");
});

test("IdP-initiated SAML (the app's tile) signs in only once an admin allows it, and follows a RelayState only on this site", async ({ page }) => {
  const userName = email("idp-initiated");
  await createScimUser(userName);
  const idp = await testSamlIdp();
  const base = suite().baseURL;
  const tile = (relayState: string) => idp.idpInitiatedUrl({ acsUrl: `${base}/sso/saml/acs`, audience: `${base}/sso/saml/metadata`, relayState });
  const signInAtTile = async (relayState: string) => {
    await page.goto(tile(relayState));
    await page.getByLabel("Sign in as").fill(userName);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.origin === new URL(base).origin && url.pathname !== "/sso/saml/acs");
  };

  await connectTestIdp("saml", { allowIdpInitiated: false });
  await signInAtTile("/app?from=tile");
  await expect(page).toHaveURL(/\/sso\/refused\?reason=invalid-response/);
  expect(JSON.parse((await lastActivity("sso.refused"))!.details)).toEqual({ protocol: "saml", check: "InResponseTo" });
  expect((await userRow(userName))?.first_sign_in_at).toBeNull();

  await connectTestIdp("saml", { allowIdpInitiated: true });
  try {
    await signInAtTile("/app?from=tile");
    await expect(page).toHaveURL(`${base}/app?from=tile`);
    expect((await userRow(userName))?.first_sign_in_at).not.toBeNull();
    await page.context().clearCookies();
    await signInAtTile("https://evil.example/phish");
    await expect(page).toHaveURL(`${base}/app`);
  } finally {
    await connectTestIdp("saml");
  }
});
