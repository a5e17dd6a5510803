import { describe, expect, it } from "vitest";
import { guessIdpName, isLoopbackHost, parseIdpUrl } from "./idp-url";

describe("parseIdpUrl", () => {
  it("accepts https anywhere and http on loopback only", () => {
    expect(parseIdpUrl(" https://acme.okta.com/app/sso/saml ", "SSO URL", "ssoUrl").href).toBe("https://acme.okta.com/app/sso/saml");
    expect(parseIdpUrl("http://127.0.0.1:9000/sso", "SSO URL", "ssoUrl").port).toBe("9000");
    expect(parseIdpUrl("http://localhost:9000", "issuer", "issuer").hostname).toBe("localhost");
    expect(parseIdpUrl("http://[::1]:9000", "issuer", "issuer").hostname).toBe("[::1]");
  });

  it.each([
    ["http://acme.okta.com/sso", /must start with https:\/\//],
    ["ftp://acme.okta.com/sso", /must start with https:\/\//],
    ["acme.okta.com", /is not a URL/],
    ["https://user:pw@acme.okta.com", /must not contain a user name or password/],
    ["https://acme.okta.com/#x", /must not contain a #fragment/],
    ["http://127.0.0.1.evil.example", /must start with https:\/\//],
  ])("refuses %j, naming the field", (value, message) => {
    let thrown: unknown;
    try {
      parseIdpUrl(value, "issuer", "issuer");
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toMatch(message);
    expect((thrown as { details: { fields: Record<string, unknown> } }).details.fields).toHaveProperty("issuer");
  });
});

describe("guessIdpName / isLoopbackHost", () => {
  it.each([
    ["https://acme.okta.com/app/x/sso/saml", "Okta"],
    ["https://acme.oktapreview.com", "Okta"],
    ["https://login.microsoftonline.com/tenant/saml2", "Microsoft Entra ID"],
    ["https://sts.windows.net/tenant/", "Microsoft Entra ID"],
    ["https://idp.acme.example/sso", "idp.acme.example"],
    ["urn:acme:idp", "your identity provider"],
  ])("%s → %s", (url, name) => {
    expect(guessIdpName(url)).toBe(name);
  });

  it("knows loopback hosts", () => {
    expect(["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "app.localhost"].every(isLoopbackHost)).toBe(true);
    expect(["example.com", "10.0.0.1", "127.0.0.1.nip.io"].some(isLoopbackHost)).toBe(false);
  });
});
