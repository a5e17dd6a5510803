import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { checkSsoConnection } from "./check-sso-connection";
import { saveOidcConnection } from "./save-oidc-connection";
import { saveSamlConnection } from "./save-saml-connection";
import { deriveSecretBoxKey } from "./secret-box";
import { setSsoOptions } from "./set-sso-options";
import { startDatedServer, startTestIssuer, testCertificate, withPlan } from "./test-support";

const DAY = 86_400_000;
let db: Db;
let valid: string;
let expiring: string;
const servers: { close: () => Promise<void> }[] = [];
beforeAll(async () => {
  valid = (await testCertificate({ days: 365 })).cert;
  expiring = (await testCertificate({ commonName: "old.example", from: Date.now() - 300 * DAY, days: 310 })).cert;
});
afterAll(() => Promise.all(servers.map((s) => s.close())));
beforeEach(async () => {
  db = await openTestDatabase();
  await withPlan(db);
});
const dated = async (offsetMs: number) => {
  const server = await startDatedServer(offsetMs);
  servers.push(server);
  return server.url;
};
const byName = (checks: { name: string; ok: boolean; detail: string }[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe("checkSsoConnection (SAML)", () => {
  it("passes with a valid certificate and the IdP's clock in step", async () => {
    await saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: await dated(0), certificates: [valid] }, "a");
    const result = await checkSsoConnection(db, { now: Date.now() });
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ["Signing certificate", true],
      ["IdP reachable", true],
      ["Clock", true],
    ]);
    expect(result.ok).toBe(true);
  });

  it("fails on a certificate expiring within 30 days, saying what to do, and on a clock off by more than the skew", async () => {
    await saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: await dated(-10 * 60_000), certificates: [expiring, valid] }, "a");
    const result = await checkSsoConnection(db, { now: Date.now() });
    const checks = byName(result.checks);
    expect(result.ok).toBe(false);
    expect(checks["Signing certificate 1"]).toMatchObject({ ok: false, detail: expect.stringMatching(/CN=old\.example.*expires in 9 days.*Add the IdP's next certificate/) });
    expect(checks["Signing certificate 2"]?.ok).toBe(true);
    expect(checks.Clock).toMatchObject({ ok: false, detail: expect.stringMatching(/^Our clock is 60[01] s ahead of the IdP's, more than the allowed ±60 s/) });
    await setSsoOptions(db, { clockSkewSeconds: 300 }, "a");
    expect(byName((await checkSsoConnection(db, { now: Date.now() })).checks).Clock?.ok).toBe(false);
  });

  it("an IdP that does not answer", async () => {
    const gone = await startDatedServer(0);
    await gone.close();
    await saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: gone.url, certificates: [valid] }, "a");
    const checks = byName((await checkSsoConnection(db, { now: Date.now() })).checks);
    expect(checks["IdP reachable"]).toMatchObject({ ok: false, detail: expect.stringMatching(/did not answer \(ECONNREFUSED\)/) });
    expect(checks.Clock).toBeUndefined();
  });
});

describe("checkSsoConnection (OIDC)", () => {
  it("checks discovery, the secret and the clock of the discovery document", async () => {
    const issuer = await startTestIssuer();
    servers.push(issuer);
    const key = deriveSecretBoxKey("k1");
    await saveOidcConnection(db, { issuer: issuer.issuer, clientId: "c", clientSecret: "s" }, "a", { secretBoxKey: key });
    const good = await checkSsoConnection(db, { now: Date.now(), secretBoxKey: key });
    expect(good.checks.map((c) => [c.name, c.ok])).toEqual([
      ["Discovery", true],
      ["Client secret", true],
      ["IdP reachable", true],
      ["Clock", true],
    ]);
    const otherServer = await checkSsoConnection(db, { now: Date.now(), secretBoxKey: deriveSecretBoxKey("k2") });
    expect(byName(otherServer.checks)["Client secret"]).toMatchObject({ ok: false, detail: expect.stringMatching(/cannot be decrypted/) });
    expect(otherServer.ok).toBe(false);
  });
});

describe("checkSsoConnection", () => {
  it("needs a connection", async () => {
    await expect(checkSsoConnection(db, { now: Date.now() })).rejects.toThrow(/No SSO connection yet/);
  });
});
