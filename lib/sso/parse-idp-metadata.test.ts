import { beforeAll, describe, expect, it } from "vitest";
import { spMetadataXml } from "./sp-metadata";
import { parseIdpMetadata } from "./parse-idp-metadata";
import { certificateBody, idpMetadataXml, testCertificate } from "./test-support";

let a: string;
let b: string;
beforeAll(async () => {
  a = (await testCertificate({ commonName: "a.example" })).cert;
  b = (await testCertificate({ commonName: "b.example" })).cert;
});

describe("parseIdpMetadata", () => {
  it("reads the entity ID, the HTTP-Redirect SSO URL and the signing certificates", () => {
    const parsed = parseIdpMetadata(idpMetadataXml({ certificates: [a, b] }));
    expect(parsed.entityId).toBe("http://www.okta.com/exk1example");
    expect(parsed.ssoUrl).toBe("https://acme.okta.com/app/acme_admincenter_1/exk1example/sso/saml");
    expect(parsed.certificates.map(certificateBody)).toEqual([certificateBody(a), certificateBody(b)]);
  });

  it("reads Entra-style metadata: a signature, other prefixes, keys without `use`, repeated certificates", () => {
    const body = certificateBody(a);
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_x" entityID="https://sts.windows.net/tenant-id/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
  <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><KeyInfo><X509Data><X509Certificate>${certificateBody(b)}</X509Certificate></X509Data></KeyInfo></Signature>
  <RoleDescriptor xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" xsi:type="fed:SecurityTokenServiceType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706"/>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>
      ${body.match(/.{1,76}/g)!.join("\n      ")}
    </X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${body}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <KeyDescriptor use="encryption"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${certificateBody(b)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/tenant-id/saml2"/>
  </IDPSSODescriptor>
</EntityDescriptor>`;
    const parsed = parseIdpMetadata(`\uFEFF${xml}`);
    expect(parsed).toEqual({
      entityId: "https://sts.windows.net/tenant-id/",
      ssoUrl: "https://login.microsoftonline.com/tenant-id/saml2",
      certificates: [expect.stringContaining(body.slice(0, 64))],
    });
  });

  it("takes the one IdP out of an EntitiesDescriptor", () => {
    const one = idpMetadataXml({ certificates: [a] }).replace(/^<\?xml[^>]*\?>/, "");
    const xml = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${one}</md:EntitiesDescriptor>`;
    expect(parseIdpMetadata(xml).entityId).toBe("http://www.okta.com/exk1example");
  });

  it.each<[string, () => string, RegExp]>([
    ["empty", () => "  ", /is empty/],
    ["a URL", () => "https://acme.okta.com/app/exk1/sso/saml/metadata", /That is a URL, not the metadata itself/],
    ["not XML", () => "entityID=foo", /is not XML/],
    ["malformed XML", () => "<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'><oops></md:EntityDescriptor>", /is not well-formed XML/],
    ["a DOCTYPE", () => `<!DOCTYPE x [<!ENTITY a "b">]>${idpMetadataXml({ certificates: [a] }).replace(/^<\?xml[^>]*\?>/, "")}`, /contains a DOCTYPE/],
    ["other XML", () => "<html><body>Sign in</body></html>", /not SAML metadata \(its root element is <html>/],
    ["our own SP metadata", () => spMetadataXml("https://admin.acme.example"), /service provider's metadata \(perhaps ours\)/],
    ["several IdPs", () => {
      const one = idpMetadataXml({ certificates: [a] }).replace(/^<\?xml[^>]*\?>/, "");
      return `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${one}${one.replace("exk1example\"", "exk2\"")}</md:EntitiesDescriptor>`;
    }, /lists 2 identity providers/],
    ["no redirect binding", () => idpMetadataXml({ certificates: [a], bindings: ["HTTP-POST"] }), /only by HTTP-POST, and we send requests by HTTP-Redirect/],
    ["no signing key", () => idpMetadataXml({ certificates: [] }), /no signing certificate/],
    ["a broken certificate", () => idpMetadataXml({ certificates: ["QUJDRA=="] }), /Signing certificate 1 in the metadata could not be read/],
    ["three certificates", () => "", /./],
  ])("refuses %s in words", async (name, xml, message) => {
    if (name === "three certificates") {
      const c = (await testCertificate({ commonName: "c.example" })).cert;
      expect(() => parseIdpMetadata(idpMetadataXml({ certificates: [a, b, c] }))).toThrow(/lists 3 signing certificates; at most two/);
      return;
    }
    expect(() => parseIdpMetadata(xml())).toThrow(message);
  });
});
