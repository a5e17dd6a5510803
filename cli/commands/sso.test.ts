/** `sso …` through the real CLI program, on its own database file, against real certificates and a real OpenID Provider. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { deriveSecretBoxKey, openSecret } from "@/lib/sso/secret-box";
import { idpMetadataXml, startDatedServer, startTestIssuer, testCertificate } from "@/lib/sso/test-support";
import { cliHarness } from "../cli-test-support";
import type { CliContext } from "../context";
import { runCli } from "../program";

const DAY = 86_400_000;
const activity$ = columnsOf(activity);
const files = mkdtempSync(join(tmpdir(), "sso-cli-"));
const file = (name: string, text: string) => {
  const path = join(files, name);
  writeFileSync(path, text);
  return path;
};
let cert: string;
let expiring: string;
let issuer: { issuer: string; close: () => Promise<void> };
let idp: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  cert = (await testCertificate({ commonName: "okta.example" })).cert;
  expiring = (await testCertificate({ commonName: "old.example", from: Date.now() - 300 * DAY, days: 310 })).cert;
  issuer = await startTestIssuer();
  idp = await startDatedServer(0);
});
afterAll(() => Promise.all([issuer.close(), idp.close()]));

async function withPlan() {
  const harness = cliHarness();
  await harness.json("plan", "set", "--name", "Acme", "--primary-email", "it@acme.example");
  return harness;
}

/** The CLI with the server's secret box key and a PUBLIC_URL, as cli/index.ts wires them; `secrets` are what the prompt reads. */
async function withKey(databasePath: string, secrets: string[]) {
  const key = deriveSecretBoxKey("cli test secret");
  const db = await openDatabase(databasePath);
  const context: CliContext = {
    db: async () => db,
    dnsServers: () => undefined,
    readPassword: async () => secrets.shift() ?? Promise.reject(new Error("no secret typed")),
    sessionIdleMs: () => 30 * 60_000,
    secretBoxKey: () => key,
    publicOrigin: () => "https://admin.acme.example",
  };
  async function cli(...args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runCli(["node", "admin", ...args], context, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    return { code, stdout, stderr };
  }
  return { cli, db, key };
}

describe("sso", () => {
  it("lists its commands in --help", async () => {
    const help = await cliHarness().text("--help");
    for (const line of ["sso show", "sso set-saml [--metadata <file>]", "sso set-oidc --issuer <url> --client-id <id>", "sso test", "sso on", "sso off", "sso options"]) {
      expect(help).toContain(line);
    }
  });

  it("show before anything is set: our SP values and how to start", async () => {
    const { text, json } = await withPlan();
    const shown = await text("sso", "show");
    expect(shown).toMatch(/^No SSO connection yet: `sso set-saml --metadata FILE`/);
    expect(shown).toContain("SAML entity ID (Audience URI):     http://localhost:3000/sso/saml/metadata");
    expect(shown).toContain("OIDC redirect URI:                 http://localhost:3000/sso/oidc/callback");
    expect(await json("sso", "show")).toMatchObject({ connection: null, sp: { acsUrl: "http://localhost:3000/sso/saml/acs" } });
  });

  it("set-saml from metadata, show with the certificate's expiry, test, on and off, each logged as the operator", async () => {
    const { text, json, databasePath } = await withPlan();
    const metadata = file("okta.xml", idpMetadataXml({ ssoUrl: idp.url, certificates: [cert] }));
    expect(await text("sso", "set-saml", "--metadata", metadata)).toBe(
      "Saved the SAML connection to http://www.okta.com/exk1example (1 certificate); SAML is the active protocol. Single sign-on is off: run `sso test`, then `sso on`\n",
    );
    const shown = await text("sso", "show");
    expect(shown).toMatch(/^Single sign-on: off \(SAML 2\.0, IdP "127\.0\.0\.1"\)/);
    expect(shown).toMatch(/certificate 1: {3}CN=okta\.example, expires \d{4}-\d\d-\d\d\n {19}SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\n/);
    const shownJson = await json<{ connection: { saml: { certificates: Record<string, unknown>[] } } }>("sso", "show");
    expect(shownJson.connection.saml.certificates[0]).toMatchObject({ subject: "CN=okta.example", status: "valid" });
    expect(shownJson.connection.saml.certificates[0]).not.toHaveProperty("pem");

    expect(await text("sso", "test")).toMatch(/^✓ Signing certificate: CN=okta\.example.*\n✓ IdP reachable: .*\n✓ Clock: Our clock shows/);
    expect(await json("sso", "on")).toEqual({ enabled: true, protocol: "saml" });
    expect(await text("sso", "off")).toMatch(/^Single sign-on is off/);
    const db = await openDatabase(databasePath);
    expect((await db.rows<{ action: string; actor: string }>("SELECT action, actor FROM activity")).filter((a) => a.action.startsWith("settings.sso")).map((a) => [a.action, a.actor])).toEqual([
      ["settings.sso-saml", "operator (CLI)"],
      ["settings.sso-enabled", "operator (CLI)"],
      ["settings.sso-enabled", "operator (CLI)"],
    ]);
    await closeDatabase(db);
  });

  it("set-saml from fields with two certificates; test fails (exit 1) on a certificate expiring within 30 days", async () => {
    const { text, fails, failsJson } = await withPlan();
    await text("sso", "set-saml", "--entity-id", "urn:idp", "--sso-url", idp.url, "--certificate", file("a.pem", expiring), "--certificate", file("b.pem", cert), "--idp-name", "Okta");
    await fails(/^error: 1 of 4 checks failed: Signing certificate 1: CN=old\.example.*expires in 9 days/, "sso", "test");
    await failsJson("conflict", /^1 of 4 checks failed/, "sso", "test");
  });

  it("refuses bad input in words, changing nothing", async () => {
    const { fails, failsJson, text } = await withPlan();
    const { key } = await testCertificate();
    await fails(/^error: give --metadata FILE, or --entity-id ID --sso-url URL --certificate FILE/, "sso", "set-saml");
    await fails(/^error: give either --metadata FILE or --entity-id/, "sso", "set-saml", "--metadata", "x.xml", "--entity-id", "e");
    await fails(/^error: cannot read the metadata file .*nope\.xml: no such file/, "sso", "set-saml", "--metadata", join(files, "nope.xml"));
    await fails(/^error: This is a service provider's metadata/, "sso", "set-saml", "--metadata", file("sp.xml", "<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' entityID='x'><md:SPSSODescriptor/></md:EntityDescriptor>"));
    await fails(/^error: The certificate is a private key, not a certificate/, "sso", "set-saml", "--entity-id", "e", "--sso-url", "https://idp.example/sso", "--certificate", file("key.pem", key));
    await failsJson("invalid", /must start with https:\/\//, "sso", "set-saml", "--entity-id", "e", "--sso-url", "http://idp.example/sso", "--certificate", file("c.pem", cert));
    await fails(/^error: No SSO connection yet/, "sso", "on");
    await fails(/^error: No SSO connection yet/, "sso", "test");
    expect(await text("sso", "show")).toMatch(/^No SSO connection yet/);
  });

  it("set-oidc reads the secret from the prompt (never argv), seals it, never prints it; --keep-secret keeps it", async () => {
    const { databasePath, json: harnessJson } = await withPlan();
    const { cli, db, key } = await withKey(databasePath, ["top-secret-value"]);
    const saved = await cli("sso", "set-oidc", "--issuer", issuer.issuer, "--client-id", "admin-center", "--idp-name", "Test OP");
    expect(saved).toMatchObject({ code: 0, stderr: "" });
    expect(saved.stdout).toMatch(/^Saved the OpenID Connect connection to http:\/\/127\.0\.0\.1:\d+ \(client admin-center, secret saved encrypted\)/);
    const sealed = (await db.row<{ s: string }>("SELECT oidc_client_secret_enc AS s FROM sso_connection"))!;
    expect(await openSecret(sealed.s, key)).toBe("top-secret-value");

    const shown = await cli("sso", "show");
    expect(shown.stdout).toMatch(/client secret: {3}saved on \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC \(never shown\)/);
    expect(shown.stdout).toContain("SAML ACS URL (Single sign-on URL): https://admin.acme.example/sso/saml/acs");
    const all = JSON.stringify(await harnessJson("sso", "show")) + shown.stdout + JSON.stringify((await db.rows(`SELECT ${activity$.list} FROM activity`)).map(activity$.map));
    expect(all).not.toContain("top-secret-value");

    const kept = await cli("sso", "set-oidc", "--issuer", issuer.issuer, "--client-id", "admin-center-2", "--keep-secret", "--json");
    expect(JSON.parse(kept.stdout)).toMatchObject({ protocol: "oidc", clientId: "admin-center-2", secretSaved: true });
    expect((await db.row<{ s: string }>("SELECT oidc_client_secret_enc AS s FROM sso_connection"))!.s).toBe(sealed.s);

    const tested = await cli("sso", "test", "--json");
    expect(tested.code).toBe(0);
    expect((JSON.parse(tested.stdout) as { checks: { name: string }[] }).checks.map((c) => c.name)).toEqual(["Discovery", "Client secret", "IdP reachable", "Clock"]);

    const bad = await cli("sso", "set-oidc", "--issuer", `${issuer.issuer}/wrong`, "--client-id", "x", "--keep-secret");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: http:\/\/127\.0\.0\.1:\d+\/wrong did not answer OpenID discovery/);
    await closeDatabase(db);
  });

  it("options: IdP-initiated, clock skew and name, with clear refusals", async () => {
    const { text, json, fails } = await withPlan();
    await text("sso", "set-saml", "--entity-id", "urn:idp", "--sso-url", "https://idp.example/sso", "--certificate", file("o.pem", cert));
    expect(await json("sso", "options", "--idp-initiated", "on", "--clock-skew", "120", "--idp-name", "Okta")).toEqual({ allowIdpInitiated: true, clockSkewSeconds: 120, idpName: "Okta" });
    await fails(/^error: --idp-initiated must be on or off, not "yes"/, "sso", "options", "--idp-initiated", "yes");
    await fails(/^error: the clock skew must be a whole number of seconds from 0 to 300/, "sso", "options", "--clock-skew", "2m");
    await fails(/^error: give at least one of/, "sso", "options");
  });
});
