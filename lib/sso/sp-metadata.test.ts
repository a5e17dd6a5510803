import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";
import { spMetadataXml } from "./sp-metadata";

describe("spMetadataXml", () => {
  it("states our entity ID, the ACS by HTTP-POST, NameID email, unsigned requests and signed assertions", () => {
    const doc = new DOMParser().parseFromString(spMetadataXml("https://admin.acme.example/ignored"), "text/xml");
    const select = xpath.useNamespaces({ md: "urn:oasis:names:tc:SAML:2.0:metadata" });
    const value = (path: string) => String(select(`string(${path})`, doc as unknown as Node));
    expect(value("/md:EntityDescriptor/@entityID")).toBe("https://admin.acme.example/sso/saml/metadata");
    expect(value("//md:SPSSODescriptor/@AuthnRequestsSigned")).toBe("false");
    expect(value("//md:SPSSODescriptor/@WantAssertionsSigned")).toBe("true");
    expect(value("//md:NameIDFormat")).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    expect(value("//md:AssertionConsumerService/@Binding")).toBe("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    expect(value("//md:AssertionConsumerService/@Location")).toBe("https://admin.acme.example/sso/saml/acs");
  });
});
