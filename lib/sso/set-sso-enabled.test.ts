import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { saveSamlConnection } from "./save-saml-connection";
import { setSsoEnabled } from "./set-sso-enabled";
import { setSsoOptions } from "./set-sso-options";
import { testCertificate, withPlan } from "./test-support";

const DAY = 86_400_000;
let db: Db;
let cert: string;
beforeAll(async () => {
  cert = (await testCertificate({ days: 60 })).cert;
});
beforeEach(async () => {
  db = await openTestDatabase();
  await withPlan(db);
});
const save = async () => saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", certificates: [cert] }, "a");
const log = async (prefix: string) =>
  (await selectRows(db, activity)).filter((a) => a.action.startsWith(prefix)).map((a) => [a.action, a.fromValue, a.toValue, a.actor]);

describe("setSsoEnabled", () => {
  it("needs a connection", async () => {
    await expect(setSsoEnabled(db, true, "a")).rejects.toThrow(/No SSO connection yet/);
  });

  it("turns on and off, each change logged once", async () => {
    await save();
    expect((await setSsoEnabled(db, true, "ada@acme.example")).enabled).toBe(true);
    expect((await setSsoEnabled(db, true, "ada@acme.example")).enabled).toBe(true);
    expect((await setSsoEnabled(db, false, "operator (CLI)")).enabled).toBe(false);
    expect(await log("settings.sso-enabled")).toEqual([
      ["settings.sso-enabled", "off", "on", "ada@acme.example"],
      ["settings.sso-enabled", "on", "off", "operator (CLI)"],
    ]);
  });

  it("refuses to turn on what is incomplete, or whose certificates all expired, saying what is missing", async () => {
    await save();
    await expect(setSsoEnabled(db, true, "a", Date.now() + 90 * DAY)).rejects.toThrow(/lacks a signing certificate that has not expired/);
    await db.execute("UPDATE sso_connection SET protocol = 'oidc' WHERE id = 1");
    await expect(setSsoEnabled(db, true, "a")).rejects.toThrow(/OpenID Connect connection lacks the issuer, the client ID, the client secret/);
    expect(await log("settings.sso-enabled")).toEqual([]);
  });
});

describe("setSsoOptions", () => {
  it("changes each option, logging old and new", async () => {
    await save();
    const row = await setSsoOptions(db, { allowIdpInitiated: true, clockSkewSeconds: 120, idpName: "Acme Okta" }, "a");
    expect(row).toMatchObject({ samlAllowIdpInitiated: true, clockSkewSeconds: 120, idpName: "Acme Okta" });
    await setSsoOptions(db, { clockSkewSeconds: 120 }, "a");
    expect(await log("settings.sso-")).toEqual([
      ["settings.sso-saml", null, "SAML urn:idp", "a"],
      ["settings.sso-idp-initiated", "off", "on", "a"],
      ["settings.sso-clock-skew", "60 s", "120 s", "a"],
      ["settings.sso-idp-name", "idp.example", "Acme Okta", "a"],
    ]);
  });

  it.each([
    [{ clockSkewSeconds: 301 }, /at most 300 seconds/],
    [{ clockSkewSeconds: -1 }, /cannot be negative/],
    [{ clockSkewSeconds: 1.5 }, /whole number of seconds/],
    [{ idpName: "  " }, /Give the IdP a display name/],
    [{ idpName: "x".repeat(61) }, /at most 60 characters/],
  ])("refuses %j", async (input, message) => {
    await save();
    await expect(setSsoOptions(db, input, "a")).rejects.toThrow(message);
  });
});
