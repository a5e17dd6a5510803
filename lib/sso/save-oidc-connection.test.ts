import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { getSsoConnection } from "./get-sso-connection";
import { getSsoSettings } from "./get-sso-settings";
import { saveOidcConnection } from "./save-oidc-connection";
import { saveSamlConnection } from "./save-saml-connection";
import { deriveSecretBoxKey, openSecret } from "./secret-box";
import { startTestIssuer, testCertificate, withPlan } from "./test-support";

const key = deriveSecretBoxKey("test server secret");
let db: Db;
let issuer: { issuer: string; close: () => Promise<void> };
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());
beforeEach(async () => {
  db = await openTestDatabase();
  await withPlan(db);
});

describe("saveOidcConnection", () => {
  it("checks discovery, seals the secret, never logs it, and keeps it when an update leaves it empty", async () => {
    const row = await saveOidcConnection(db, { issuer: issuer.issuer, clientId: "admin-center", clientSecret: "s3cret-value" }, "ada@acme.example", { secretBoxKey: key });
    expect(row).toMatchObject({ protocol: "oidc", enabled: false, oidcIssuer: issuer.issuer, oidcClientId: "admin-center" });
    expect(row.oidcClientSecretEnc).not.toContain("s3cret-value");
    expect(await openSecret(row.oidcClientSecretEnc!, key)).toBe("s3cret-value");

    const sealed = row.oidcClientSecretEnc;
    const again = await saveOidcConnection(db, { issuer: issuer.issuer, clientId: "admin-center-2", clientSecret: "" }, "ada@acme.example", { secretBoxKey: key });
    expect(again.oidcClientSecretEnc).toBe(sealed);
    expect(again.oidcClientId).toBe("admin-center-2");

    const entries = (await selectRows(db, activity)).filter((a) => a.action === "settings.sso-oidc");
    expect(entries.map((e) => e.details)).toEqual([
      { issuer: issuer.issuer, clientId: "admin-center", secretReplaced: true },
      { issuer: issuer.issuer, clientId: "admin-center-2", secretReplaced: false },
    ]);
    expect(JSON.stringify(await selectRows(db, activity))).not.toContain("s3cret-value");

    const view = await getSsoSettings(db, { origin: "https://admin.acme.example", now: Date.now() });
    expect(view.connection?.oidc).toEqual({ issuer: issuer.issuer, clientId: "admin-center-2", secretSaved: true, secretSavedAt: entries[0]!.at });
    expect(JSON.stringify(view)).not.toContain(sealed!);
  });

  it("switching protocols keeps the other side's settings", async () => {
    const { cert } = await testCertificate();
    await saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", certificates: [cert] }, "a");
    await saveOidcConnection(db, { issuer: issuer.issuer, clientId: "c", clientSecret: "s" }, "a", { secretBoxKey: key });
    expect(await getSsoConnection(db)).toMatchObject({ protocol: "oidc", samlIdpEntityId: "urn:idp", samlSsoUrl: "https://idp.example/sso" });
  });

  it.each<[string, () => { issuer: string; clientId: string; clientSecret?: string }, RegExp, string]>([
    ["an issuer that does not answer discovery", () => ({ issuer: "http://127.0.0.1:9", clientId: "c", clientSecret: "s" }), /did not answer OpenID discovery/, "issuer"],
    ["a non-loopback http issuer", () => ({ issuer: "http://idp.example", clientId: "c", clientSecret: "s" }), /must start with https:\/\//, "issuer"],
    ["no client ID", () => ({ issuer: issuer.issuer, clientId: " ", clientSecret: "s" }), /Enter the client ID/, "clientId"],
    ["no secret on the first save", () => ({ issuer: issuer.issuer, clientId: "c" }), /Enter the client secret/, "clientSecret"],
    ["a wrong issuer path", () => ({ issuer: `${issuer.issuer}/nope`, clientId: "c", clientSecret: "s" }), /did not answer OpenID discovery/, "issuer"],
  ])("refuses %s beside its field, and saves nothing", async (_name, input, message, field) => {
    const thrown = await saveOidcConnection(db, input(), "a", { secretBoxKey: key, timeoutSeconds: 5 }).then(() => null, (error: unknown) => error);
    expect(String(thrown)).toMatch(message);
    expect((thrown as { details?: { fields?: Record<string, unknown> } }).details?.fields).toHaveProperty(field);
    expect(await getSsoConnection(db)).toBeUndefined();
  });
});
