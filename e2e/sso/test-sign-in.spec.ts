import { signIn } from "../support/admin";
import { withSuiteDb } from "../support/db";
import { ensureValidatedDomain } from "../support/dns";
import { connectTestIdp, stopTestIdps, testOidcProvider, testSamlIdp } from "../support/sso";
import { expect, test } from "../support/test";

const stamp = Date.now().toString(36);

test.beforeAll(async () => {
  await ensureValidatedDomain("acme.example");
});
test.afterAll(async () => {
  await stopTestIdps();
});

const testEntry = async (id: number) =>
  withSuiteDb(async (db) => db.row<{ actor: string; details: string }>("SELECT actor, details FROM activity WHERE id = ? AND action = 'sso.test'", id));

for (const protocol of ["saml", "oidc"] as const) {
  test(`Test sign-in (${protocol === "saml" ? "SAML" : "OpenID Connect"}) shows what the IdP asserted and creates no session, even while SSO is off`, async ({ page }) => {
    await connectTestIdp(protocol, { enabled: false });
    const tested = `tested.${protocol}.${stamp}@acme.example`;
    await signIn(page, "/security/sso");
    const idpOrigin = protocol === "saml" ? (await testSamlIdp()).url : (await testOidcProvider()).issuer;
    await page.goto("/sso/test");
    await page.waitForURL((url) => url.origin === idpOrigin);
    if (protocol === "saml") {
      await page.getByLabel("Sign in as").fill(tested);
      await page.getByRole("button", { name: "Sign in" }).click();
    } else {
      await page.locator('input[name="login"]').fill(tested);
      await page.locator('input[name="password"]').fill("any password");
      await page.locator('button[type="submit"]').click();
    }
    await page.waitForURL(/\/security\/sso\/test-result\?id=\d+/);
    const id = Number(new URL(page.url()).searchParams.get("id"));
    const entry = (await testEntry(id))!;
    expect(entry.actor).toBe("ada@acme.example");
    expect(JSON.parse(entry.details)).toMatchObject({ protocol, ok: true, email: tested, testedBy: "ada@acme.example" });
    await expect(page.getByText(tested).first()).toBeVisible();
    const sessions = await withSuiteDb(async (db) => (await db.row<{ n: number }>("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email_norm = ?", tested))!);
    expect(sessions.n).toBe(0);
    // Still signed in as the admin: the test did not replace the session.
    await page.goto("/security/sso");
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  });
}
