/**
 * A SAML 2.0 identity provider for tests (integration tests and the e2e suite): a real HTTP
 * server on a free port that signs real responses with a generated key and certificate
 * (`selfsigned`, `xml-crypto`), so nothing on our validation path (lib/sso, node-saml) is
 * mocked. A browser can use it: its SSO endpoint takes our AuthnRequest (HTTP-Redirect
 * binding, deflated), asks "Sign in as [email]", and posts a signed SAMLResponse with the
 * RelayState to the ACS the request named, as Okta and Entra do.
 *
 * `signResponse` builds the same response for an integration test, with the tampering a
 * test needs (an attacker's edits, a misconfigured IdP, a clock that drifted).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { generate } from "selfsigned";
import { SignedXml } from "xml-crypto";
import * as xpath from "xpath";

const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** What a test can do to a response (SAML Core §2–3, the attacks XML signatures invite). */
export type SamlTamper =
  | "none"
  /** No signature anywhere. */
  | "unsigned"
  /** Signed, then the NameID changed: the digest no longer matches. */
  | "tampered"
  /** Signed by a key whose certificate the SP does not know. */
  | "other-key"
  /** XML signature wrapping: the signed assertion hidden inside an unsigned one for another email. */
  | "wrapped"
  /** Only the Response is signed, not the assertion. */
  | "response-only-signed"
  /** Both the Response and the assertion signed (Okta's "Response: Signed"). */
  | "response-and-assertion-signed";

export interface SignResponseOptions {
  email: string;
  /** Our ACS: the response's Destination and the assertion's Recipient. */
  acsUrl: string;
  /** Our entity ID: the assertion's Audience. */
  audience: string;
  /** The AuthnRequest's ID; null for an IdP-initiated response. */
  inResponseTo?: string | null;
  /** Defaults to the IdP's entity ID. */
  issuer?: string;
  /** Override the Recipient alone (SubjectConfirmationData) or the Destination alone. */
  recipient?: string;
  destination?: string;
  /** The assertion's validity window; defaults to now − 1 min … now + 5 min. */
  notBefore?: Date;
  notOnOrAfter?: Date;
  assertionId?: string;
  attributes?: Record<string, string[]>;
  tamper?: SamlTamper;
  /** "urn:…:status:Success" unless the IdP refuses (e.g. Requester: user not assigned). */
  statusCode?: string;
}

export interface TestSamlIdp {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  entityId: string;
  /** SingleSignOnService, HTTP-Redirect binding. */
  ssoUrl: string;
  certificatePem: string;
  /** A second, unrelated certificate (rotation tests; "unknown certificate" when configured alone). */
  otherCertificatePem: string;
  /** The IdP's metadata (EntityDescriptor with IDPSSODescriptor), as Okta and Entra publish it. */
  metadataXml: string;
  /** A base64 SAMLResponse, exactly what a browser would post to the ACS. */
  signResponse(options: SignResponseOptions): string;
  /** What the next browser sign-ins send (default "none"), for e2e refusals. */
  setBrowserTamper(tamper: SamlTamper): void;
  /** The IdP's app tile: an IdP-initiated sign-in to `acsUrl` (for `audience`), landing on `relayState`. */
  idpInitiatedUrl(options: { acsUrl: string; audience: string; relayState?: string }): string;
  /** The AuthnRequests received, newest last. */
  requests: { id: string; acsUrl: string; issuer: string; relayState: string | null }[];
  close(): Promise<void>;
}

interface KeyPair {
  privateKey: string;
  certificatePem: string;
}

async function newKeyPair(cn: string): Promise<KeyPair> {
  const now = Date.now();
  const pems = await generate([{ name: "commonName", value: cn }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(now - 24 * 3600_000),
    notAfterDate: new Date(now + 365 * 24 * 3600_000),
  });
  return { privateKey: pems.private, certificatePem: pems.cert };
}

const escapeXml = (value: string): string =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
const escapeHtml = escapeXml;

const newId = (): string => `_${randomBytes(16).toString("hex")}`;

function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

function sign(xml: string, key: KeyPair, target: "Assertion" | "Response"): string {
  const signer = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificatePem,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  const element = target === "Assertion" ? "/*[local-name(.)='Response']/*[local-name(.)='Assertion']" : "/*[local-name(.)='Response']";
  signer.addReference({
    xpath: element,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  // SAML Core §5.4.1: the signature follows the signed element's Issuer.
  signer.computeSignature(xml, { location: { reference: `${element}/*[local-name(.)='Issuer']`, action: "after" } });
  return signer.getSignedXml();
}

function assertionXml(o: SignResponseOptions & { issuer: string; id: string; now: Date }): string {
  const notBefore = (o.notBefore ?? new Date(o.now.getTime() - 60_000)).toISOString();
  const notOnOrAfter = (o.notOnOrAfter ?? new Date(o.now.getTime() + 5 * 60_000)).toISOString();
  const inResponseTo = o.inResponseTo ? ` InResponseTo="${escapeXml(o.inResponseTo)}"` : "";
  const attributes = Object.entries(o.attributes ?? { email: [o.email] })
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${values
          .map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`)
          .join("")}</saml:Attribute>`,
    )
    .join("");
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id}" Version="2.0" IssueInstant="${o.now.toISOString()}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${NAMEID_EMAIL}">${escapeXml(o.email)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${notOnOrAfter}" Recipient="${escapeXml(o.recipient ?? o.acsUrl)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${o.now.toISOString()}" SessionIndex="${newId()}"><saml:AuthnContext>` +
    `<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>` +
    `</saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

function responseXml(o: SignResponseOptions & { issuer: string; now: Date }, assertion: string): string {
  const inResponseTo = o.inResponseTo ? ` InResponseTo="${escapeXml(o.inResponseTo)}"` : "";
  const status = o.statusCode ?? "urn:oasis:names:tc:SAML:2.0:status:Success";
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId()}" Version="2.0" IssueInstant="${o.now.toISOString()}" Destination="${escapeXml(o.destination ?? o.acsUrl)}"${inResponseTo}>` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(status)}"/></samlp:Status>` +
    (status.endsWith(":Success") ? assertion : "") +
    `</samlp:Response>`
  );
}

function buildResponse(o: SignResponseOptions, entityId: string, key: KeyPair, otherKey: KeyPair): string {
  const now = new Date();
  const full = { ...o, issuer: o.issuer ?? entityId, now };
  const id = o.assertionId ?? newId();
  const tamper = o.tamper ?? "none";
  const assertion = assertionXml({ ...full, id });
  const unsigned = responseXml(full, assertion);
  switch (tamper) {
    case "none":
      return sign(unsigned, key, "Assertion");
    case "unsigned":
      return unsigned;
    case "other-key":
      return sign(unsigned, otherKey, "Assertion");
    case "response-only-signed":
      return sign(unsigned, key, "Response");
    case "response-and-assertion-signed":
      return sign(sign(unsigned, key, "Assertion"), key, "Response");
    case "tampered": {
      const signed = sign(unsigned, key, "Assertion");
      // An attacker who saw a response for `email` rewrites whom it is for.
      return signed.replace(`>${escapeXml(o.email)}</saml:NameID>`, `>attacker.${escapeXml(o.email)}</saml:NameID>`);
    }
    case "wrapped": {
      // XSW (Somorovsky et al., "On Breaking SAML", 2012): keep the genuinely signed assertion
      // (so its signature still verifies by ID) inside an unsigned evil assertion that the
      // response presents as its own, naming another person.
      const signed = sign(unsigned, key, "Assertion");
      const doc = new DOMParser().parseFromString(signed, "text/xml");
      const original = xpath.select1("/*[local-name()='Response']/*[local-name()='Assertion']", doc as unknown as Node) as Element;
      const evilDoc = new DOMParser().parseFromString(assertionXml({ ...full, email: `evil.${o.email}`, id: newId() }), "text/xml");
      const evil = doc.importNode(evilDoc.documentElement!, true) as unknown as Element;
      const subject = xpath.select1("./*[local-name()='Subject']", evil as unknown as Node) as Element;
      original.parentNode!.replaceChild(evil as never, original as never);
      evil.insertBefore(original as never, subject.nextSibling as never);
      return new XMLSerializer().serializeToString(doc);
    }
  }
}

function metadata(entityId: string, ssoUrl: string, certificatePem: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(entityId)}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
    `<ds:X509Certificate>${certificateBody(certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(ssoUrl)}"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(ssoUrl)}"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

/** Reads the AuthnRequest of an HTTP-Redirect binding query (SAML Bindings §3.4.4.1: base64 of raw DEFLATE). */
export function decodeAuthnRequest(samlRequest: string): { id: string; acsUrl: string; issuer: string } {
  const xml = inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8");
  const doc = new DOMParser().parseFromString(xml, "text/xml") as unknown as Node;
  const root = xpath.select1("/*[local-name()='AuthnRequest']", doc) as Element | undefined;
  if (!root) throw new Error("not an AuthnRequest");
  const issuer = xpath.select1("string(/*[local-name()='AuthnRequest']/*[local-name()='Issuer'])", doc) as string;
  return { id: root.getAttribute("ID") ?? "", acsUrl: root.getAttribute("AssertionConsumerServiceURL") ?? "", issuer };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:28rem;margin:3rem auto">${body}</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startTestSamlIdp(options: { name?: string } = {}): Promise<TestSamlIdp> {
  const [key, otherKey] = await Promise.all([newKeyPair("Test SAML IdP"), newKeyPair("Someone else's IdP")]);
  let browserTamper: SamlTamper = "none";
  const requests: TestSamlIdp["requests"] = [];
  const name = options.name ?? "Test IdP";
  let entityId = "";

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://idp.invalid");
    const send = (status: number, html: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
    };
    if (req.method === "GET" && url.pathname === "/metadata") {
      res.writeHead(200, { "content-type": "application/samlmetadata+xml" });
      res.end(idp.metadataXml);
      return;
    }
    if (req.method === "GET" && (url.pathname === "/sso" || url.pathname === "/idp-initiated")) {
      let request: { id: string; acsUrl: string; issuer: string };
      const relayState = url.searchParams.get("RelayState");
      if (url.pathname === "/idp-initiated") {
        // The IdP's app tile (Okta dashboard, My Apps): no AuthnRequest, the SP's ACS and entity ID from the app's settings.
        request = { id: "", acsUrl: url.searchParams.get("acs") ?? "", issuer: url.searchParams.get("audience") ?? "" };
      } else {
        try {
          request = decodeAuthnRequest(url.searchParams.get("SAMLRequest") ?? "");
        } catch {
          send(400, page("Bad request", "<p>This is not a SAML AuthnRequest.</p>"));
          return;
        }
        requests.push({ ...request, relayState });
      }
      const hidden = (n: string, v: string) => `<input type="hidden" name="${n}" value="${escapeHtml(v)}">`;
      send(
        200,
        page(
          `${name}: sign in`,
          `<h1>${escapeHtml(name)}</h1><p>Signing in to ${escapeHtml(request.issuer)}</p>` +
            `<form method="post" action="/login">${request.id ? hidden("id", request.id) : ""}${hidden("acs", request.acsUrl)}${hidden("audience", request.issuer)}` +
            `${relayState === null ? "" : hidden("RelayState", relayState)}` +
            `<label>Sign in as <input name="email" type="email" required></label> <button type="submit">Sign in</button></form>`,
        ),
      );
      return;
    }
    if (req.method === "POST" && url.pathname === "/login") {
      const form = await readForm(req);
      const acs = form.get("acs") ?? "";
      const samlResponse = idp.signResponse({
        email: form.get("email") ?? "",
        acsUrl: acs,
        audience: form.get("audience") ?? "",
        inResponseTo: form.get("id"),
        tamper: browserTamper,
      });
      const relayState = form.get("RelayState");
      // The HTTP-POST binding (SAML Bindings §3.5): a form the browser submits to the ACS.
      send(
        200,
        page(
          "Signing in…",
          `<form method="post" action="${escapeHtml(acs)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}">` +
            `${relayState === null ? "" : `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">`}` +
            `<button type="submit">Continue</button></form><script>document.forms[0].submit()</script>`,
        ),
      );
      return;
    }
    send(404, page("Not found", "<p>Not found.</p>"));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  entityId = `${origin}/metadata`;
  const ssoUrl = `${origin}/sso`;

  const idp: TestSamlIdp = {
    url: origin,
    entityId,
    ssoUrl,
    certificatePem: key.certificatePem,
    otherCertificatePem: otherKey.certificatePem,
    metadataXml: metadata(entityId, ssoUrl, key.certificatePem),
    signResponse: (o) => Buffer.from(buildResponse(o, entityId, key, otherKey), "utf8").toString("base64"),
    idpInitiatedUrl: ({ acsUrl, audience, relayState }) =>
      `${origin}/idp-initiated?${new URLSearchParams({ acs: acsUrl, audience, ...(relayState === undefined ? {} : { RelayState: relayState }) })}`,
    setBrowserTamper: (tamper) => {
      browserTamper = tamper;
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return idp;
}
