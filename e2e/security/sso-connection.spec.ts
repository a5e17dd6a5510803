/**
 * Security & Controls › Single sign-on, as an admin connects an IdP through the screen
 * alone: SAML from pasted metadata (the test SAML IdP's, lib/testing/saml-idp.ts), the
 * certificate's expiry, SP metadata downloaded, then OpenID Connect against a real OpenID
 * Provider (oidc-provider) whose secret is never shown again; bad input refused in words.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { signIn } from "../support/admin";
import { withSuiteDb } from "../support/db";
import { snapshot } from "../support/screenshots";
import { testOidcProvider, testSamlIdp } from "../support/sso";
import { suite } from "../support/suite";
import { expect, test } from "../support/test";

const openSsoPage = async (page: Page) => {
  await signIn(page, "/security");
  await page.getByRole("navigation", { name: "Security & Controls" }).getByRole("link", { name: "Single sign-on" }).click();
  await expect(page).toHaveURL(/\/security\/sso$/);
  await expect(page.getByRole("heading", { name: "Single sign-on", exact: true })).toBeVisible();
};

test("SAML from pasted metadata: our values to copy, SP metadata, the certificate's expiry, refusals in words; on and off", async ({ page }) => {
  // Start from no connection: the screen is what sets it up.
  await withSuiteDb(async (db) => db.execute("DELETE FROM sso_connection"));
  const idp = await testSamlIdp();
  const base = new URL(suite().baseURL).origin;
  await openSsoPage(page);

  const sp = page.getByRole("region", { name: "Give these values to your IdP" });
  await expect(sp.getByLabel("Entity ID (Audience URI)", { exact: true })).toHaveValue(`${base}/sso/saml/metadata`);
  await expect(sp.getByLabel("ACS URL (Single sign-on URL, Reply URL)", { exact: true })).toHaveValue(`${base}/sso/saml/acs`);
  await expect(sp.getByLabel("NameID format (email address)", { exact: true })).toHaveValue("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
  await expect(sp.getByRole("button", { name: "Copy Entity ID (Audience URI)" })).toBeVisible();
  // Okta's steps carry the same values, filled in.
  await expect(page.getByRole("region", { name: "Okta: SAML app" }).getByLabel("Audience URI (SP Entity ID)", { exact: true })).toHaveValue(`${base}/sso/saml/metadata`);
  await expect(page.getByRole("region", { name: "Microsoft Entra ID: enterprise app (SAML)" }).getByLabel("Reply URL (Assertion Consumer Service URL)", { exact: true })).toHaveValue(`${base}/sso/saml/acs`);
  await expect(page.getByText("Nothing is connected yet")).toBeVisible();
  await expect(page.getByRole("link", { name: /Test sign-in/ })).toHaveCount(0);

  const downloading = page.waitForEvent("download");
  await sp.getByRole("link", { name: "Download SP metadata" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("admin-center-sp-metadata.xml");
  const spMetadata = readFileSync((await download.path())!, "utf8");
  expect(spMetadata).toContain(`entityID="${base}/sso/saml/metadata"`);
  expect(spMetadata).toContain('WantAssertionsSigned="true"');

  const form = page.getByRole("region", { name: "Your IdP's side (SAML 2.0)" });
  const metadata = form.getByLabel("IdP metadata XML", { exact: true });
  const save = form.getByRole("button", { name: "Save SAML settings" });
  await save.click();
  await expect(form.getByText("Paste the IdP's metadata XML, or choose the file")).toBeVisible();
  await metadata.fill(spMetadata);
  await save.click();
  await expect(metadata).toHaveAccessibleDescription(/This is a service provider's metadata \(perhaps ours\), not the identity provider's/);
  await metadata.fill("<html><body>Sign in</body></html>");
  await save.click();
  await expect(metadata).toHaveAccessibleDescription(/not SAML metadata \(its root element is <html>/);
  await snapshot(page, "security-sso-saml-refused");

  // Uploading the file fills the same field.
  await form.getByLabel("Or upload the file:", { exact: true }).setInputFiles({ name: "idp-metadata.xml", mimeType: "application/xml", buffer: Buffer.from(idp.metadataXml) });
  await expect(metadata).toHaveValue(idp.metadataXml);
  await save.click();
  await expect(form.getByRole("status").filter({ hasText: "Saved from the IdP's metadata" })).toBeVisible();
  await expect(form.getByLabel("IdP entity ID", { exact: true })).toHaveValue(idp.entityId);
  await expect(form.getByLabel("IdP single sign-on URL", { exact: true })).toHaveValue(idp.ssoUrl);
  const saved = page.getByRole("region", { name: "Saved signing certificates" });
  const certificate = saved.getByRole("listitem");
  await expect(certificate).toHaveCount(1);
  await expect(certificate).toContainText(/Subject\s*CN=/);
  await expect(certificate).toContainText(/Expires\s*\d{1,2} \w{3} \d{4}/);
  await expect(certificate).toContainText("Valid");
  await expect(certificate).toContainText(/SHA-256\s*([0-9A-F]{2}:){31}[0-9A-F]{2}/);

  // A new connection starts off; it can be turned on once complete.
  const enabled = page.getByRole("switch", { name: /Single sign-on through/ });
  await expect(enabled).not.toBeChecked();
  await expect(page.getByRole("link", { name: /Test sign-in/ })).toHaveAttribute("target", "_blank");
  await expect(page.getByRole("link", { name: /Test sign-in/ })).toHaveAttribute("href", "/sso/test");
  await page.getByRole("button", { name: "Check certificates and clock" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Every check passed." })).toContainText("Clock: Our clock");
  await snapshot(page, "security-sso-saml");

  // Test sign-in: the IdP in a new tab, then what it asserted; no session for the tested identity.
  const [tab] = await Promise.all([page.context().waitForEvent("page"), page.getByRole("link", { name: /Test sign-in/ }).click()]);
  await tab.waitForURL((url) => url.origin === idp.url);
  await tab.getByLabel("Sign in as", { exact: true }).fill("grace@acme.example");
  await tab.getByRole("button", { name: "Sign in" }).click();
  await tab.waitForURL(/\/security\/sso\/test-result\?id=\d+$/);
  const result = tab.getByRole("region", { name: /Test sign-in result/ });
  await expect(result).toContainText("grace@acme.example");
  await expect(tab.getByRole("region", { name: "Checks" }).getByRole("listitem").first()).toBeVisible();
  await snapshot(tab, "security-sso-test-result");
  await tab.close();

  await enabled.click();
  await expect(enabled).toBeChecked();
  await expect(page.getByRole("status").filter({ hasText: "Single sign-on is on" })).toBeVisible();

  // Fields: a removed certificate leaves none, which is refused beside the field.
  await form.getByRole("tab", { name: "Enter the fields" }).click();
  await form.getByRole("button", { name: /^Remove/ }).click();
  await save.click();
  await expect(form.getByLabel("Signing certificate (PEM)", { exact: true })).toHaveAccessibleDescription(/Add the IdP's signing certificate/);
  await form.getByLabel("Signing certificate (PEM)", { exact: true }).fill("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----");
  await save.click();
  await expect(form.getByLabel("Signing certificate (PEM)", { exact: true })).toHaveAccessibleDescription(/is a private key, not a certificate\. Never share a private key/);
  // Rotation: the IdP's next certificate beside the current one.
  await form.getByLabel("Signing certificate (PEM)", { exact: true }).fill(idp.certificatePem);
  await save.click();
  await expect(form.getByRole("status").filter({ hasText: "Saved the IdP's settings." })).toBeVisible();
  await form.getByLabel("Second certificate, for a rotation (optional)", { exact: true }).fill(idp.otherCertificatePem);
  await save.click();
  await expect(saved.getByRole("listitem")).toHaveCount(2);

  // Options: IdP-initiated is off by default and says why.
  const idpInitiated = page.getByRole("switch", { name: "Allow IdP-initiated sign-in" });
  await expect(idpInitiated).not.toBeChecked();
  await expect(idpInitiated).toHaveAccessibleDescription(/login CSRF/);
  await page.getByLabel("Clock skew (seconds)", { exact: true }).fill("301");
  await page.getByRole("button", { name: "Save options" }).click();
  await expect(page.getByLabel("Clock skew (seconds)", { exact: true })).toHaveAccessibleDescription(/from 0 to 300/);
  await page.getByLabel("Clock skew (seconds)", { exact: true }).fill("90");
  await page.getByRole("button", { name: "Save options" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Options saved." })).toBeVisible();

  await enabled.click();
  await expect(enabled).not.toBeChecked();
  const log = await withSuiteDb(async (db) => db.rows<{ action: string }>("SELECT action FROM activity WHERE action LIKE 'settings.sso-%' ORDER BY id"));
  expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(["settings.sso-saml", "settings.sso-enabled", "settings.sso-clock-skew"]));
});

test("OpenID Connect: discovery checked on save, the secret write-only, the SAML settings kept", async ({ page }) => {
  const op = await testOidcProvider();
  const base = new URL(suite().baseURL).origin;
  await openSsoPage(page);
  await page.getByRole("radio", { name: /OpenID Connect/ }).click();
  await expect(page.getByRole("region", { name: "Register this redirect URI with your IdP" }).getByLabel("Redirect URI", { exact: true })).toHaveValue(`${base}/sso/oidc/callback`);
  await expect(page.getByRole("region", { name: "Microsoft Entra ID: app registration (OIDC)" })).toContainText("https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0");

  const form = page.getByRole("region", { name: "Your IdP's side (OpenID Connect)" });
  const save = form.getByRole("button", { name: "Save OpenID Connect settings" });
  await form.getByLabel("Issuer", { exact: true }).fill("http://idp.example");
  await form.getByLabel("Client ID", { exact: true }).fill(op.clientId);
  await form.getByLabel("Client secret", { exact: true }).fill(op.clientSecret);
  await save.click();
  await expect(form.getByLabel("Issuer", { exact: true })).toHaveAccessibleDescription(/must start with https:\/\//);
  await form.getByLabel("Issuer", { exact: true }).fill(`${op.issuer}/nowhere`);
  await save.click();
  await expect(form.getByLabel("Issuer", { exact: true })).toHaveAccessibleDescription(/did not answer OpenID discovery/);
  await expect(form.getByText("Saving makes OpenID Connect the active protocol; the SAML settings are kept.")).toBeVisible();

  await form.getByLabel("Issuer", { exact: true }).fill(op.issuer);
  await save.click();
  await expect(form.getByRole("status").filter({ hasText: "answered OpenID discovery, and the client secret is stored encrypted" })).toBeVisible();
  await expect(form.getByLabel("Client secret", { exact: true })).toHaveValue("");
  await expect(form.getByLabel("Client secret", { exact: true })).toHaveAccessibleDescription(/^Saved on \d{1,2} \w{3} \d{4}; enter a new one to replace it, or leave this empty to keep it\. It is never shown\.$/);
  await expect(page.getByRole("radio", { name: /^OpenID Connect\s*Active$/ })).toBeChecked();
  await snapshot(page, "security-sso-oidc");

  // Reloaded: nowhere in the page, and an update with the field empty keeps it.
  await page.reload();
  expect(await page.content()).not.toContain(op.clientSecret);
  await page.getByRole("radio", { name: /OpenID Connect/ }).click();
  await save.click();
  await expect(form.getByRole("status").filter({ hasText: /answered OpenID discovery\.$/ })).toBeVisible();
  const row = await withSuiteDb(async (db) => (await db.row<{ protocol: string; sealed: string; samlEntity: string }>('SELECT protocol, oidc_client_secret_enc AS sealed, saml_idp_entity_id AS "samlEntity" FROM sso_connection'))!);
  expect(row.protocol).toBe("oidc");
  expect(row.sealed).not.toContain(op.clientSecret);
  expect(row.samlEntity).toBe((await testSamlIdp()).entityId);
  const entries = await withSuiteDb(async (db) => db.rows<{ details: string }>("SELECT details FROM activity WHERE action = 'settings.sso-oidc'"));
  expect(entries.map((e) => e.details).join()).not.toContain(op.clientSecret);

  // A test result that does not exist says so, with the way back.
  await page.goto("/security/sso/test-result?id=999999999");
  await expect(page.getByText("There is no test sign-in number 999999999")).toBeVisible();
  await page.getByRole("link", { name: "← Back to Single sign-on" }).click();
  await expect(page).toHaveURL(/\/security\/sso$/);
});
