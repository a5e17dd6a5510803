/**
 * Test helpers for the SSO configuration: real X.509 certificates (selfsigned) and IdP
 * metadata documents built around them, as Okta and Entra publish them.
 */
import { generate } from "selfsigned";
import type { Db } from "@/db/client";
import { setPlan } from "@/lib/plan/set-plan";

const DAY = 86_400_000;

/** A self-signed certificate valid from `from` for `days` days (both may lie in the past). */
export async function testCertificate({ commonName = "idp.example", from = Date.now() - DAY, days = 365 } = {}): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(from),
    notAfterDate: new Date(from + days * DAY),
  });
  return { cert: pems.cert, key: pems.private };
}

/** The base64 body of a PEM certificate, as metadata's X509Certificate element holds it. */
export const certificateBody = (pem: string): string => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");

export function idpMetadataXml({
  entityId = "http://www.okta.com/exk1example",
  ssoUrl = "https://acme.okta.com/app/acme_admincenter_1/exk1example/sso/saml",
  certificates,
  bindings = ["HTTP-POST", "HTTP-Redirect"],
}: {
  entityId?: string;
  ssoUrl?: string;
  certificates: string[];
  bindings?: string[];
}): string {
  const keys = certificates
    .map(
      (pem) => `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificateBody(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join("");
  const services = bindings
    .map((b) => `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${b}" Location="${ssoUrl}"/>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>${services}</md:IDPSSODescriptor></md:EntityDescriptor>`;
}

/** A plan to connect (the SSO connection belongs to it). */
export async function withPlan(db: Db): Promise<void> {
  await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
}

/** A real OpenID Provider (oidc-provider) on a free loopback port, for discovery; close() when done. */
export async function startTestIssuer(): Promise<{ issuer: string; close: () => Promise<void> }> {
  const { createServer } = await import("node:http");
  // oidc-provider ships no type declarations: the one constructor used here, typed.
  const { default: Provider } = (await import("oidc-provider" as string)) as {
    default: new (issuer: string, configuration: object) => { callback: () => import("node:http").RequestListener };
  };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, { clients: [{ client_id: "admin-center", client_secret: "s3cret", redirect_uris: ["http://localhost:3000/sso/oidc/callback"] }] });
  server.on("request", provider.callback());
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** An HTTP server whose Date header is `offsetMs` away from the real time (an IdP whose clock drifted). */
export async function startDatedServer(offsetMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import("node:http");
  const server = createServer((_req, res) => {
    res.setHeader("Date", new Date(Date.now() + offsetMs).toUTCString());
    res.statusCode = 400;
    res.end("SAMLRequest missing");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/sso/saml`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
