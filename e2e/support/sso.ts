/**
 * Single sign-on for specs: the test IdPs (lib/testing) started in the worker on free
 * ports, the plan's connection pointed at them (the `sso_connection` row, written as CONF's
 * `sso set-saml` / `sso set-oidc` would), and `signInWithSso` driving Chromium through the
 * sign-in page, the IdP's login page and back.
 */
import { expect, type Page } from "@playwright/test";
import { deriveSecretBoxKey, sealSecret } from "../../lib/sso/secret-box";
import { startTestOidcProvider, type TestOidcProvider } from "../../lib/testing/oidc-provider";
import { startTestSamlIdp, type SamlTamper, type TestSamlIdp } from "../../lib/testing/saml-idp";
import { withSuiteDb } from "./db";
import { ensureValidatedDomain } from "./dns";
import { suite } from "./suite";

export type SsoProtocol = "saml" | "oidc";

let samlIdp: Promise<TestSamlIdp> | undefined;
let oidcProvider: Promise<TestOidcProvider> | undefined;

/** The worker's test SAML IdP (started on first use). */
export function testSamlIdp(): Promise<TestSamlIdp> {
  samlIdp ??= startTestSamlIdp({ name: "Test SAML IdP" });
  return samlIdp;
}

/** The worker's test OpenID Provider (oidc-provider), whose client redirects to the suite's server. */
export function testOidcProvider(): Promise<TestOidcProvider> {
  oidcProvider ??= startTestOidcProvider({ redirectUri: `${suite().baseURL}/sso/oidc/callback` });
  return oidcProvider;
}

/** Stops the IdPs this worker started (optional: they end with the worker anyway). */
export async function stopTestIdps(): Promise<void> {
  const running = [samlIdp, oidcProvider];
  samlIdp = oidcProvider = undefined;
  await Promise.all(running.map(async (idp) => (await idp)?.close()));
}

export interface ConnectOptions {
  enabled?: boolean;
  /** SAML: accept IdP-initiated responses. */
  allowIdpInitiated?: boolean;
  idpName?: string;
}

interface ConnectionRow {
  protocol: string;
  enabled: number;
  saml_sso_url: string | null;
  oidc_issuer: string | null;
}

const currentRow = async (): Promise<ConnectionRow | undefined> =>
  withSuiteDb(async (db) => db.row<ConnectionRow>("SELECT protocol, enabled, saml_sso_url, oidc_issuer FROM sso_connection WHERE id = 1"));

/**
 * Points the plan's connection at this worker's test IdP for `protocol` (turned on unless
 * `enabled: false`). `require_sso_for_admins` is left as it is.
 */
export async function connectTestIdp(protocol: SsoProtocol, options: ConnectOptions = {}): Promise<void> {
  const enabled = options.enabled ?? true;
  const now = Date.now();
  if (protocol === "saml") {
    const idp = await testSamlIdp();
    await withSuiteDb(async (db) =>
      db.execute(
        `INSERT INTO sso_connection (id, protocol, enabled, idp_name, saml_idp_entity_id, saml_sso_url, saml_certificates, saml_allow_idp_initiated,
           oidc_issuer, oidc_client_id, oidc_client_secret_enc, updated_at, updated_by)
         VALUES (1, 'saml', ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, 'e2e')
         ON CONFLICT (id) DO UPDATE SET protocol = excluded.protocol, enabled = excluded.enabled, idp_name = excluded.idp_name,
           saml_idp_entity_id = excluded.saml_idp_entity_id, saml_sso_url = excluded.saml_sso_url, saml_certificates = excluded.saml_certificates,
           saml_allow_idp_initiated = excluded.saml_allow_idp_initiated, oidc_issuer = NULL, oidc_client_id = NULL, oidc_client_secret_enc = NULL,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        enabled ? 1 : 0,
        options.idpName ?? "Test SAML IdP",
        idp.entityId,
        idp.ssoUrl,
        JSON.stringify([idp.certificatePem]),
        options.allowIdpInitiated ? 1 : 0,
        now,
      ),
    );
    return;
  }
  const op = await testOidcProvider();
  const authSecret = process.env.AUTH_SECRET;
  if (!authSecret) throw new Error("AUTH_SECRET is not shared with the specs (e2e/support/server.ts sets it for the suite's server)");
  const sealed = await sealSecret(op.clientSecret, deriveSecretBoxKey(authSecret));
  await withSuiteDb(async (db) =>
    db.execute(
      `INSERT INTO sso_connection (id, protocol, enabled, idp_name, saml_idp_entity_id, saml_sso_url, saml_certificates, saml_allow_idp_initiated,
         oidc_issuer, oidc_client_id, oidc_client_secret_enc, updated_at, updated_by)
       VALUES (1, 'oidc', ?, ?, NULL, NULL, '[]', 0, ?, ?, ?, ?, 'e2e')
       ON CONFLICT (id) DO UPDATE SET protocol = excluded.protocol, enabled = excluded.enabled, idp_name = excluded.idp_name,
         saml_idp_entity_id = NULL, saml_sso_url = NULL, saml_certificates = '[]', saml_allow_idp_initiated = 0,
         oidc_issuer = excluded.oidc_issuer, oidc_client_id = excluded.oidc_client_id, oidc_client_secret_enc = excluded.oidc_client_secret_enc,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      enabled ? 1 : 0,
      options.idpName ?? "Test OpenID Provider",
      op.issuer,
      op.clientId,
      sealed,
      now,
    ),
  );
}

/** Connects the test IdP for `protocol` unless the connection already points at it and is on. */
export async function ensureTestIdpConnected(protocol: SsoProtocol): Promise<void> {
  const row = await currentRow();
  const target = protocol === "saml" ? (await testSamlIdp()).ssoUrl : (await testOidcProvider()).issuer;
  const connected = row?.protocol === protocol && row.enabled === 1 && (protocol === "saml" ? row.saml_sso_url : row.oidc_issuer) === target;
  if (!connected) await connectTestIdp(protocol);
}

/** What the next SAML sign-ins through the browser send (an unsigned response, another key…); "none" to restore. */
export async function setSamlBrowserTamper(tamper: SamlTamper): Promise<void> {
  (await testSamlIdp()).setBrowserTamper(tamper);
}

/**
 * Signs `email` in through the sign-in page and the test IdP (connecting it first, and
 * validating the email's domain), as a person would: email, "Continue with single
 * sign-on", the IdP's login page, and back. Resolves once the browser is back on the
 * Admin Center past the SSO endpoints: on the workspace, where it was headed, or the
 * refusal page; the caller asserts which.
 */
export async function signInWithSso(page: Page, email: string, { protocol = "saml", path = "/sign-in" }: { protocol?: SsoProtocol; path?: string } = {}): Promise<void> {
  const domain = email.split("@")[1];
  if (!domain) throw new Error(`signInWithSso: ${email} is not an email`);
  await ensureValidatedDomain(domain.toLowerCase());
  await ensureTestIdpConnected(protocol);
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue with single sign-on" }).click();
  const idpOrigin = protocol === "saml" ? (await testSamlIdp()).url : (await testOidcProvider()).issuer;
  await page.waitForURL((url) => url.origin === idpOrigin);
  if (protocol === "saml") {
    await page.getByLabel("Sign in as").fill(email);
    await page.getByRole("button", { name: "Sign in" }).click();
  } else {
    // oidc-provider's development login page: any login (the email), any password.
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
  }
  const base = new URL(suite().baseURL).origin;
  await page.waitForURL((url) => url.origin === base && !/^\/sso\/(start|saml\/acs|oidc\/callback)/.test(url.pathname));
}
