import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { getSsoConnection } from "./get-sso-connection";
import { saveSamlConnection } from "./save-saml-connection";
import { idpMetadataXml, testCertificate, withPlan } from "./test-support";

const DAY = 86_400_000;
let db: Db;
let cert: string;
let next: string;
let expired: string;
beforeAll(async () => {
  cert = (await testCertificate()).cert;
  next = (await testCertificate({ commonName: "next.example" })).cert;
  expired = (await testCertificate({ from: Date.now() - 400 * DAY, days: 30 })).cert;
});
beforeEach(async () => {
  db = await openTestDatabase();
});

const fields = { entityId: "http://www.okta.com/exk1", ssoUrl: "https://acme.okta.com/app/x/exk1/sso/saml" };

describe("saveSamlConnection", () => {
  it("needs a plan", async () => {
    await expect(saveSamlConnection(db, { ...fields, certificates: [cert] }, "a@acme.example")).rejects.toThrow(/No plan yet/);
  });

  it("saves from metadata, starts off, names the IdP and logs the fingerprints (no secret anywhere)", async () => {
    await withPlan(db);
    const row = await saveSamlConnection(db, { metadataXml: idpMetadataXml({ certificates: [cert] }) }, "ada@acme.example");
    expect(row).toMatchObject({ protocol: "saml", enabled: false, idpName: "Okta", samlIdpEntityId: "http://www.okta.com/exk1example", updatedBy: "ada@acme.example" });
    expect(row.samlCertificates).toHaveLength(1);
    const entry = (await selectRows(db, activity)).find((a) => a.action === "settings.sso-saml")!;
    expect(entry).toMatchObject({ kind: "settings", actor: "ada@acme.example", fromValue: null, toValue: "SAML http://www.okta.com/exk1example" });
    expect(entry.details).toMatchObject({ source: "metadata", certificates: [expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)] });
  });

  it("saves from fields with a second certificate for rotation, keeping the OIDC settings and the name", async () => {
    await withPlan(db);
    await saveSamlConnection(db, { ...fields, certificates: [cert], idpName: "Acme Okta" }, "a");
    const row = await saveSamlConnection(db, { ...fields, certificates: [cert, next] }, "a");
    expect(row.samlCertificates).toHaveLength(2);
    expect(row.idpName).toBe("Acme Okta");
    expect((await selectRows(db, activity)).filter((a) => a.action === "settings.sso-saml").map((a) => a.fromValue)).toEqual([null, "SAML http://www.okta.com/exk1"]);
  });

  it.each<[string, () => Parameters<typeof saveSamlConnection>[1], RegExp, string]>([
    ["no entity ID", () => ({ ssoUrl: fields.ssoUrl, certificates: [cert] }), /Enter the IdP's entity ID/, "entityId"],
    ["no SSO URL", () => ({ entityId: fields.entityId, certificates: [cert] }), /Enter the IdP's single sign-on URL/, "ssoUrl"],
    ["an http SSO URL", () => ({ ...fields, ssoUrl: "http://acme.okta.com/sso", certificates: [cert] }), /must start with https:\/\//, "ssoUrl"],
    ["not a URL", () => ({ ...fields, ssoUrl: "acme.okta.com", certificates: [cert] }), /is not a URL/, "ssoUrl"],
    ["no certificate", () => ({ ...fields, certificates: [] }), /Add the IdP's signing certificate/, "certificates"],
    ["garbage as certificate", () => ({ ...fields, certificates: ["not a cert!"] }), /is not a certificate/, "certificates"],
    ["the same certificate twice", () => ({ ...fields, certificates: [cert, cert] }), /The same certificate is given twice/, "certificates"],
    ["only an expired certificate", () => ({ ...fields, certificates: [expired] }), /The signing certificate has expired/, "certificates"],
    ["SP metadata", () => ({ metadataXml: "<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' entityID='x'><md:SPSSODescriptor/></md:EntityDescriptor>" }), /service provider's metadata/, "metadataXml"],
  ])("refuses %s beside its field, and saves nothing", async (_name, input, message, field) => {
    await withPlan(db);
    let thrown: unknown;
    try {
      await saveSamlConnection(db, input(), "a");
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toMatch(message);
    expect((thrown as { details?: { fields?: Record<string, unknown> } }).details?.fields).toHaveProperty(field);
    expect(await getSsoConnection(db)).toBeUndefined();
  });

  it("accepts http on loopback (a test IdP) and an expired certificate beside a valid one", async () => {
    await withPlan(db);
    const row = await saveSamlConnection(db, { entityId: "urn:test", ssoUrl: "http://127.0.0.1:9/sso", certificates: [expired, cert] }, "a");
    expect(row.idpName).toBe("127.0.0.1");
  });
});
