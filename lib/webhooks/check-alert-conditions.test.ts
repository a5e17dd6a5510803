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
const open = (db: Parameters<typeof listOpenAlerts>[0]) => listOpenAlerts(db).map((a) => a.key).sort();

describe("checkAlertConditions", () => {
  it("raises token.expiring once within 14 days of expiry and clears it when the token is revoked", async () => {
    const db = openTestDatabase();
    const now = Date.now();
    await createWebhookEndpoint(db, { url: "https://h.example", events: ["token.expiring"] }, TEST_ADMIN, { secretBoxKey: deriveSecretBoxKey("k"), now });
    const token = createToken(db, { name: "Okta", expiresInDays: 20 }, TEST_ADMIN);
    expect(checkAlertConditions(db, now)).toEqual({ raised: 0, cleared: 0 });
    const later = now + 7 * DAY;
    expect(checkAlertConditions(db, later)).toEqual({ raised: 1, cleared: 0 });
    expect(listOpenAlerts(db)).toMatchObject([{ event: "token.expiring", key: `token.expiring:${token.id}`, link: "/security/tokens" }]);
    expect(listOpenAlerts(db)[0]!.summary).toMatch(/^SCIM token 'Okta' expires in 13 days/);
    // Once: the next runs raise nothing and queue no second delivery.
    expect(checkAlertConditions(db, later + DAY)).toEqual({ raised: 0, cleared: 0 });
    expect(db.rows("SELECT id FROM webhook_deliveries")).toHaveLength(1);
    revokeToken(db, token.id, TEST_ADMIN);
    expect(checkAlertConditions(db, later + DAY)).toEqual({ raised: 0, cleared: 1 });
    expect(listOpenAlerts(db)).toEqual([]);
  });

  it("raises token.unused 30 days after creation for a new token, and after 30 days without use; clears on use", () => {
    const db = openTestDatabase();
    const token = createToken(db, { name: "Entra" }, TEST_ADMIN);
    const now = token.createdAt;
    expect(checkAlertConditions(db, now + 29 * DAY)).toEqual({ raised: 0, cleared: 0 });
    expect(checkAlertConditions(db, now + 30 * DAY)).toEqual({ raised: 1, cleared: 0 });
    expect(listOpenAlerts(db)[0]!.summary).toContain("was never used since it was generated");
    db.execute("UPDATE scim_tokens SET last_used_at = ?", now + 31 * DAY);
    expect(checkAlertConditions(db, now + 31 * DAY)).toEqual({ raised: 0, cleared: 1 });
    expect(checkAlertConditions(db, now + 61 * DAY)).toEqual({ raised: 1, cleared: 0 });
    expect(listOpenAlerts(db)[0]!.summary).toContain("has not been used since");
    expect(db.rows<{ key: string }>("SELECT key FROM alerts").map((a) => a.key)).toEqual([`token.unused:${token.id}`, `token.unused:${token.id}`]);
  });

  it("raises scim.failure-spike at 20 failures that are 10% of the last 15 minutes' requests, and clears it after", () => {
    const scim = createScimTestEnv();
    const start = Date.now();
    const spike = (keys: string[]) => keys.filter((k) => k === "scim.failure-spike");
    for (let i = 0; i < 19; i++) expect(scim.call("GET", "/Users/missing").status).toBe(404);
    scim.service.flush();
    checkAlertConditions(scim.db, Date.now());
    expect(spike(open(scim.db))).toEqual([]);
    expect(scim.call("GET", "/Users/missing").status).toBe(404);
    scim.service.flush();
    checkAlertConditions(scim.db, Date.now());
    expect(spike(open(scim.db))).toEqual(["scim.failure-spike"]);
    expect(listOpenAlerts(scim.db).find((a) => a.event === "scim.failure-spike")!.summary).toMatch(/^20 of 2\d SCIM requests failed in the last 15 minutes/);
    checkAlertConditions(scim.db, start + 16 * 60_000);
    expect(spike(open(scim.db))).toEqual([]);
  });

  it("does not count a flood of successful requests' failures under 10% as a spike", () => {
    const scim = createScimTestEnv();
    for (let i = 0; i < 250; i++) scim.call("GET", "/Users?count=1");
    for (let i = 0; i < 20; i++) scim.call("GET", "/Users/missing");
    scim.service.flush();
    checkAlertConditions(scim.db, Date.now());
    expect(open(scim.db).filter((k) => k === "scim.failure-spike")).toEqual([]);
  });

  it("raises saml.certificate-expiring for a signing certificate within 30 days of expiry, once, and clears it when replaced", async () => {
    const db = openTestDatabase();
    withPlan(db);
    const now = Date.now();
    const soon = (await testCertificate({ commonName: "soon.example", from: now - 300 * DAY, days: 320 })).cert;
    const later = (await testCertificate({ commonName: "later.example", days: 365 })).cert;
    saveSamlConnection(db, { entityId: "https://idp.example", ssoUrl: "https://idp.example/sso", certificates: [soon] }, TEST_ADMIN);
    expect(checkAlertConditions(db, now)).toEqual({ raised: 1, cleared: 0 });
    expect(listOpenAlerts(db)[0]).toMatchObject({ event: "saml.certificate-expiring", link: "/security/sso" });
    expect(listOpenAlerts(db)[0]!.summary).toMatch(/CN=soon\.example expires in (19|20) days/);
    expect(checkAlertConditions(db, now + DAY)).toEqual({ raised: 0, cleared: 0 });
    db.execute("UPDATE sso_connection SET saml_certificates = ?", JSON.stringify([later]));
    expect(checkAlertConditions(db, now + DAY)).toEqual({ raised: 0, cleared: 1 });
  });

  it("clears di.turned-off (raised when DI goes off, one alert per change) once DI is on again", () => {
    const scim = createScimTestEnv();
    const now = Date.now();
    turnOffDirectoryIntegration(scim.db, TEST_ADMIN, now);
    expect(listOpenAlerts(scim.db)).toMatchObject([{ event: "di.turned-off", key: `di.turned-off:${now}`, link: "/security/directory" }]);
    expect(listOpenAlerts(scim.db)[0]!.summary).toContain(`turned off by ${TEST_ADMIN}`);
    expect(checkAlertConditions(scim.db, now + 1)).toEqual({ raised: 0, cleared: 0 });
    turnOnDirectoryIntegration(scim.db, TEST_ADMIN, now + 2);
    expect(checkAlertConditions(scim.db, now + 3)).toMatchObject({ cleared: 1 });
    turnOffDirectoryIntegration(scim.db, TEST_ADMIN, now + 4);
    expect(listOpenAlerts(scim.db).map((a) => a.key)).toContain(`di.turned-off:${now + 4}`);
  });
});
