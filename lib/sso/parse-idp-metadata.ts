/**
 * Reads the IdP's SAML metadata (Okta's "Identity Provider metadata", Entra's "Federation
 * Metadata XML") into what the connection needs: the IdP's entity ID, its single sign-on
 * URL for the HTTP-Redirect binding, and its signing certificates. Only reading: the
 * signature checks of responses are node-saml's. Anything that is not one IdP's metadata is
 * refused with what the admin pasted instead.
 */
import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";
import { AppError } from "@/lib/errors";
import { parseCertificate } from "./describe-certificate";

export interface IdpMetadata {
  entityId: string;
  /** SingleSignOnService with the HTTP-Redirect binding (where we send AuthnRequests). */
  ssoUrl: string;
  /** PEM, one or two (distinct), in the metadata's order. */
  certificates: string[];
}

export const HTTP_REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const select = xpath.useNamespaces({ md: MD, ds: "http://www.w3.org/2000/09/xmldsig#" });
/** Metadata documents are a few kilobytes; Entra's with every role is ~60 KB. */
export const MAX_METADATA_CHARS = 1_000_000;

function refuse(message: string): never {
  throw new AppError("invalid", message, { fields: { metadataXml: [message] } });
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  const text = xml.replace(/^\uFEFF/, "").trim();
  if (text === "") refuse("The IdP metadata is empty: paste the XML document, or upload the file your IdP gave you.");
  if (text.length > MAX_METADATA_CHARS) refuse("The IdP metadata is larger than 1 MB: that is not one IdP's metadata. Download it again from the IdP's SAML app.");
  if (!text.startsWith("<")) {
    refuse(
      /^https?:\/\//i.test(text)
        ? "That is a URL, not the metadata itself: open it in your browser, then paste the XML it shows (or save it and upload the file)."
        : "The IdP metadata is not XML: paste the whole document, starting with <?xml or <EntityDescriptor.",
    );
  }
  // No DTDs: metadata never needs one, and refusing it rules out entity-expansion tricks.
  if (/<!DOCTYPE/i.test(text)) refuse("The IdP metadata contains a DOCTYPE, which SAML metadata never has: download the metadata again from the IdP.");

  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      // xmldom only warns about an unclosed element or an unquoted attribute: still not metadata.
      warning: (message) => void problems.push(String(message)),
      error: (message) => void problems.push(String(message)),
      fatalError: (message) => void problems.push(String(message)),
    },
  }).parseFromString(text, "text/xml");
  const root = doc?.documentElement as unknown as Element | null;
  if (problems.length > 0 || !root) {
    refuse(`The IdP metadata is not well-formed XML (${firstLine(problems[0] ?? "no root element")}): copy the whole document again.`);
  }

  if (root.namespaceURI !== MD || (root.localName !== "EntityDescriptor" && root.localName !== "EntitiesDescriptor")) {
    refuse(
      `This XML is not SAML metadata (its root element is <${root.nodeName}>, not an EntityDescriptor): download the IdP metadata from your IdP's SAML app.`,
    );
  }

  const idps = select("//md:EntityDescriptor[md:IDPSSODescriptor]", root as unknown as Node) as Element[];
  if (idps.length === 0) {
    const sp = select("//md:SPSSODescriptor", root as unknown as Node) as Element[];
    refuse(
      sp.length > 0
        ? "This is a service provider's metadata (perhaps ours), not the identity provider's: in Okta open View SAML setup instructions, in Entra download the Federation Metadata XML."
        : "The metadata describes no identity provider (no IDPSSODescriptor): download the IdP metadata from your IdP's SAML app.",
    );
  }
  if (idps.length > 1) {
    const ids = idps.map((e) => e.getAttribute("entityID") ?? "?").slice(0, 3).join(", ");
    refuse(`The metadata lists ${idps.length} identity providers (${ids}…): give the metadata of the one app for this plan.`);
  }
  const entity = idps[0]!;
  const entityId = entity.getAttribute("entityID")?.trim() ?? "";
  if (entityId === "") refuse("The IdP metadata has no entityID: download it again from the IdP.");

  const idp = select("md:IDPSSODescriptor", entity as unknown as Node, true) as unknown as Element;
  const services = select("md:SingleSignOnService", idp as unknown as Node) as Element[];
  const redirect = services.find((s) => s.getAttribute("Binding") === HTTP_REDIRECT_BINDING);
  const ssoUrl = redirect?.getAttribute("Location")?.trim() ?? "";
  if (ssoUrl === "") {
    const bindings = services.map((s) => s.getAttribute("Binding")?.split(":").pop()).filter(Boolean);
    refuse(
      bindings.length === 0
        ? "The IdP metadata has no single sign-on URL (SingleSignOnService): download it again from the IdP."
        : `The IdP offers single sign-on only by ${bindings.join(", ")}, and we send requests by HTTP-Redirect: enter the SSO URL by hand if your IdP accepts redirects there.`,
    );
  }

  // A KeyDescriptor without `use` serves both signing and encryption (SAML metadata §2.4.1.1).
  const keys = select(
    "md:KeyDescriptor[not(@use) or @use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate",
    idp as unknown as Node,
  ) as Element[];
  if (keys.length === 0) refuse("The IdP metadata has no signing certificate (KeyDescriptor use=\"signing\"): we cannot check its responses without one.");
  const certificates: string[] = [];
  for (const [index, key] of keys.entries()) {
    const { pem } = parseCertificate(key.textContent ?? "", `Signing certificate ${index + 1} in the metadata`);
    if (!certificates.includes(pem)) certificates.push(pem);
  }
  if (certificates.length > 2) {
    refuse(`The IdP metadata lists ${certificates.length} signing certificates; at most two are kept (the current one and its replacement). Remove the retired ones at the IdP, or enter the fields by hand.`);
  }
  return { entityId, ssoUrl, certificates };
}

function firstLine(message: string): string {
  return message.replace(/^\[xmldom [a-z]+\]\s*/i, "").split("\n")[0]!.replace(/^unclosed xml attribute$/, "an element is not closed").trim();
}
