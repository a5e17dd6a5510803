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
beforeEach(() => {
  db = openTestDatabase();
  withPlan(db);
});
const save = () => saveSamlConnection(db, { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", certificates: [cert] }, "a");
const log = (prefix: string) =>
  selectRows(db, activity).filter((a) => a.action.startsWith(prefix)).map((a) => [a.action, a.fromValue, a.toValue, a.actor]);

describe("setSsoEnabled", () => {
  it("needs a connection", () => {
    expect(() => setSsoEnabled(db, true, "a")).toThrow(/No SSO connection yet/);
  });

  it("turns on and off, each change logged once", () => {
    save();
    expect(setSsoEnabled(db, true, "ada@acme.example").enabled).toBe(true);
    expect(setSsoEnabled(db, true, "ada@acme.example").enabled).toBe(true);
    expect(setSsoEnabled(db, false, "operator (CLI)").enabled).toBe(false);
    expect(log("settings.sso-enabled")).toEqual([
      ["settings.sso-enabled", "off", "on", "ada@acme.example"],
      ["settings.sso-enabled", "on", "off", "operator (CLI)"],
    ]);
  });

  it("refuses to turn on what is incomplete, or whose certificates all expired, saying what is missing", () => {
    save();
    expect(() => setSsoEnabled(db, true, "a", Date.now() + 90 * DAY)).toThrow(/lacks a signing certificate that has not expired/);
    db.execute("UPDATE sso_connection SET protocol = 'oidc' WHERE id = 1");
    expect(() => setSsoEnabled(db, true, "a")).toThrow(/OpenID Connect connection lacks the issuer, the client ID, the client secret/);
    expect(log("settings.sso-enabled")).toEqual([]);
  });
});

describe("setSsoOptions", () => {
  it("changes each option, logging old and new", () => {
    save();
    const row = setSsoOptions(db, { allowIdpInitiated: true, clockSkewSeconds: 120, idpName: "Acme Okta" }, "a");
    expect(row).toMatchObject({ samlAllowIdpInitiated: true, clockSkewSeconds: 120, idpName: "Acme Okta" });
    setSsoOptions(db, { clockSkewSeconds: 120 }, "a");
    expect(log("settings.sso-")).toEqual([
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
  ])("refuses %j", (input, message) => {
    save();
    expect(() => setSsoOptions(db, input, "a")).toThrow(message);
  });
});
