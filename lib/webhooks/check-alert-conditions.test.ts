import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { listOpenAlerts } from "@/lib/alerts/raise-alert";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { createScimTestEnv, TEST_ADMIN } from "@/lib/scim/test-support";
import { saveSamlConnection } from "@/lib/sso/save-saml-connection";
import { deriveSecretBoxKey } from "@/lib/sso/secret-box";
import { testCertificate, withPlan } from "@/lib/sso/test-support";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { checkAlertConditions } from "./check-alert-conditions";
import { createWebhookEndpoint } from "./create-webhook-endpoint";

const DAY = 86_400_000;
const open = async (db: Parameters<typeof listOpenAlerts>[0]) => (await listOpenAlerts(db)).map((a) => a.key).sort();

describe("checkAlertConditions", () => {
  it("raises token.expiring once within 14 days of expiry and clears it when the token is revoked", async () => {
    const db = await openTestDatabase();
    const now = Date.now();
    await createWebhookEndpoint(db, { url: "https://h.example", events: ["token.expiring"] }, TEST_ADMIN, { secretBoxKey: deriveSecretBoxKey("k"), now });
    const token = await createToken(db, { name: "Okta", expiresInDays: 20 }, TEST_ADMIN);
    expect(await checkAlertConditions(db, now)).toEqual({ raised: 0, cleared: 0 });
    const later = now + 7 * DAY;
    expect(await checkAlertConditions(db, later)).toEqual({ raised: 1, cleared: 0 });
    expect(await listOpenAlerts(db)).toMatchObject([{ event: "token.expiring", key: `token.expiring:${token.id}`, link: "/security/tokens" }]);
    expect((await listOpenAlerts(db))[0]!.summary).toMatch(/^SCIM token 'Okta' expires in 13 days/);
    // Once: the next runs raise nothing and queue no second delivery.
    expect(await checkAlertConditions(db, later + DAY)).toEqual({ raised: 0, cleared: 0 });
    expect(await db.rows("SELECT id FROM webhook_deliveries")).toHaveLength(1);
    await revokeToken(db, token.id, TEST_ADMIN);
    expect(await checkAlertConditions(db, later + DAY)).toEqual({ raised: 0, cleared: 1 });
    expect(await listOpenAlerts(db)).toEqual([]);
  });

  it("raises token.unused 30 days after creation for a new token, and after 30 days without use; clears on use", async () => {
    const db = await openTestDatabase();
    const token = await createToken(db, { name: "Entra" }, TEST_ADMIN);
    const now = token.createdAt;
    expect(await checkAlertConditions(db, now + 29 * DAY)).toEqual({ raised: 0, cleared: 0 });
    expect(await checkAlertConditions(db, now + 30 * DAY)).toEqual({ raised: 1, cleared: 0 });
    expect((await listOpenAlerts(db))[0]!.summary).toContain("was never used since it was generated");
    await db.execute("UPDATE scim_tokens SET last_used_at = ?", now + 31 * DAY);
    expect(await checkAlertConditions(db, now + 31 * DAY)).toEqual({ raised: 0, cleared: 1 });
    expect(await checkAlertConditions(db, now + 61 * DAY)).toEqual({ raised: 1, cleared: 0 });
    expect((await listOpenAlerts(db))[0]!.summary).toContain("has not been used since");
    expect((await db.rows<{ key: string }>("SELECT key FROM alerts")).map((a) => a.key)).toEqual([`token.unused:${token.id}`, `token.unused:${token.id}`]);
  });

  it("raises scim.failure-spike at 20 failures that are 10% of the last 15 minutes' requests, and clears it after", async () => {
    const scim = await createScimTestEnv();
    const start = Date.now();
    const spike = (keys: string[]) => keys.filter((k) => k === "scim.failure-spike");
    for (let i = 0; i < 19; i++) expect((await scim.call("GET", "/Users/missing")).status).toBe(404);
    await scim.service.flush();
    await checkAlertConditions(scim.db, Date.now());
    expect(spike(await open(scim.db))).toEqual([]);
    expect((await scim.call("GET", "/Users/missing")).status).toBe(404);
    await scim.service.flush();
    await checkAlertConditions(scim.db, Date.now());
    expect(spike(await open(scim.db))).toEqual(["scim.failure-spike"]);
    expect((await listOpenAlerts(scim.db)).find((a) => a.event === "scim.failure-spike")!.summary).toMatch(/^20 of 2\d SCIM requests failed in the last 15 minutes/);
    await checkAlertConditions(scim.db, start + 16 * 60_000);
    expect(spike(await open(scim.db))).toEqual([]);
  });

  it("does not count a flood of successful requests' failures under 10% as a spike", async () => {
    const scim = await createScimTestEnv();
    for (let i = 0; i < 250; i++) await scim.call("GET", "/Users?count=1");
    for (let i = 0; i < 20; i++) await scim.call("GET", "/Users/missing");
    await scim.service.flush();
    await checkAlertConditions(scim.db, Date.now());
    expect((await open(scim.db)).filter((k) => k === "scim.failure-spike")).toEqual([]);
  });

  it("raises saml.certificate-expiring for a signing certificate within 30 days of expiry, once, and clears it when replaced", async () => {
    const db = await openTestDatabase();
    await withPlan(db);
    const now = Date.now();
    const soon = (await testCertificate({ commonName: "soon.example", from: now - 300 * DAY, days: 320 })).cert;
    const later = (await testCertificate({ commonName: "later.example", days: 365 })).cert;
    await saveSamlConnection(db, { entityId: "https://idp.example", ssoUrl: "https://idp.example/sso", certificates: [soon] }, TEST_ADMIN);
    expect(await checkAlertConditions(db, now)).toEqual({ raised: 1, cleared: 0 });
    expect((await listOpenAlerts(db))[0]).toMatchObject({ event: "saml.certificate-expiring", link: "/security/sso" });
    expect((await listOpenAlerts(db))[0]!.summary).toMatch(/CN=soon\.example expires in (19|20) days/);
    expect(await checkAlertConditions(db, now + DAY)).toEqual({ raised: 0, cleared: 0 });
    await db.execute("UPDATE sso_connection SET saml_certificates = ?", JSON.stringify([later]));
    expect(await checkAlertConditions(db, now + DAY)).toEqual({ raised: 0, cleared: 1 });
  });

  it("clears di.turned-off (raised when DI goes off, one alert per change) once DI is on again", async () => {
    const scim = await createScimTestEnv();
    const now = Date.now();
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, now);
    expect(await listOpenAlerts(scim.db)).toMatchObject([{ event: "di.turned-off", key: `di.turned-off:${now}`, link: "/security/directory" }]);
    expect((await listOpenAlerts(scim.db))[0]!.summary).toContain(`turned off by ${TEST_ADMIN}`);
    expect(await checkAlertConditions(scim.db, now + 1)).toEqual({ raised: 0, cleared: 0 });
    await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, now + 2);
    expect(await checkAlertConditions(scim.db, now + 3)).toMatchObject({ cleared: 1 });
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, now + 4);
    expect((await listOpenAlerts(scim.db)).map((a) => a.key)).toContain(`di.turned-off:${now + 4}`);
  });
});
