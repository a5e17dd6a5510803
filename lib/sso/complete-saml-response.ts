/**
 * The SAML Assertion Consumer Service's work (Profiles §4.1.4): node-saml checks the XML
 * signature against the configured certificates (only what the signature covers is read
 * afterwards, which is its protection against signature wrapping), the Audience, the
 * NotBefore/NotOnOrAfter window with the connection's skew, and InResponseTo against our
 * outstanding requests. What node-saml 5 leaves to the SP is checked here on the assertion
 * it returns: the Issuer is the connection's IdP, the Recipient and the Destination are
 * our ACS, the assertion was not used before, and it names an email.
 */
import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { SamlStatusError, type Profile } from "@node-saml/node-saml";
import { completeSsoSignIn, refuseSsoResponse, type SsoAnswerContext, type SsoOutcome } from "./complete-sso-sign-in";
import { getSsoConnection } from "./get-sso-connection";
import { samlClient } from "./saml-client";
import { spValues } from "./sp-values";
import { findSsoRequest, rememberSsoUse, ssoRequestCache } from "./sso-requests";
import type { SsoCheck } from "./sso-test-result";

export interface CompleteSamlResponseInput {
  /** The form field SAMLResponse (base64), as the browser posted it. */
  samlResponse: string;
  relayState: string | null;
  /**
   * The AuthnRequest IDs this browser started (a SameSite=None cookie, so the IdP's
   * cross-site post carries it; app/sso/sso-adapter.ts), or null where the binding cannot be
   * in force (http: such a cookie must be Secure). An SP-initiated response to a request of
   * another browser is refused: someone cannot sign a victim in as themselves (login CSRF).
   */
  browserRequestIds: readonly string[] | null;
  origin: string;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** Where the email may be when the NameID is not one: the names Okta, Entra and eduPerson use. */
const EMAIL_ATTRIBUTES = [
  "email",
  "mail",
  "emailaddress",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  "urn:oid:0.9.2342.19200300.100.1.3",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
];

interface Failure {
  check: string;
  reason: string;
  refusal?: "invalid-response" | "expired-request";
}

const parseXml = (xml: string): Document | null => {
  let failed = false;
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: () => {
        failed = true;
      },
      fatalError: () => {
        failed = true;
      },
    },
  }).parseFromString(xml, "text/xml");
  return failed || !doc.documentElement ? null : (doc as unknown as Document);
};

const text = (node: Node, path: string): string | null => {
  const value = xpath.select1(`string(${path})`, node);
  return typeof value === "string" && value !== "" ? value : null;
};

const attributeValues = (node: Node, path: string): string[] =>
  (xpath.select(path, node) as Attr[]).map((attribute) => attribute.value);

/** What node-saml's error means, for the admin (activity) and the check list. */
function classify(error: unknown, connection: SsoConnection): Failure {
  const message = error instanceof Error ? error.message : String(error);
  const skew = `${connection.clockSkewSeconds} s`;
  if (error instanceof SamlStatusError) {
    return { check: "Status", reason: `The identity provider did not sign the person in (${message}). In the IdP, check that the person is assigned to this app.` };
  }
  if (/InResponseTo is missing/.test(message)) {
    return {
      check: "InResponseTo",
      reason:
        "The identity provider sent a sign-in we did not ask for (IdP-initiated, e.g. from the Okta dashboard or My Apps). Turn on IdP-initiated sign-in for this connection to accept it, or start from the sign-in page.",
    };
  }
  if (/InResponseTo/i.test(message)) {
    return {
      check: "InResponseTo",
      reason: "The response answers no sign-in we are waiting for: the request is over 10 minutes old, was already answered, or was never sent by us.",
      refusal: "expired-request",
    };
  }
  if (/multiple assertions/.test(message)) return { check: "Signature", reason: "The response carries more than one assertion; we accept exactly one, signed." };
  if (/signature|signed data/i.test(message)) {
    return {
      check: "Signature",
      reason:
        "The assertion is not signed by a certificate saved for this connection (unsigned, altered after signing, or signed with another key). If the IdP rotated its key, add its new certificate.",
    };
  }
  if (/not yet valid/.test(message)) {
    return { check: "Clock (NotBefore / NotOnOrAfter)", reason: `The assertion is not valid yet (its NotBefore is later than now plus the allowed skew of ${skew}): the IdP's clock or ours is wrong.` };
  }
  if (/expired|subject confirmation/i.test(message)) {
    return { check: "Clock (NotBefore / NotOnOrAfter)", reason: `The assertion has expired (its NotOnOrAfter passed, beyond the allowed skew of ${skew}).` };
  }
  if (/audience/i.test(message)) {
    return { check: "Audience", reason: `The assertion is for another service provider (${message.replace(/^SAML assertion /, "")}). In the IdP, set the Audience (SP entity ID) to ours.` };
  }
  if (/Missing SAML assertion/.test(message)) return { check: "Response", reason: "The response carries no assertion." };
  return { check: "Response", reason: `The response could not be read (${message}).` };
}

function profileAttributes(profile: Profile): Record<string, string[]> {
  const raw = (profile.attributes ?? {}) as Record<string, unknown>;
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    const values = Array.isArray(value) ? value : [value];
    out[name] = values.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  }
  return out;
}

function emailOf(profile: Profile, attributes: Record<string, string[]>): string | null {
  const candidates = [profile.nameID, ...EMAIL_ATTRIBUTES.flatMap((name) => attributes[name] ?? [])];
  for (const candidate of candidates) {
    if (typeof candidate === "string" && z.email().safeParse(candidate.trim()).success) return candidate.trim();
  }
  return null;
}

export async function completeSamlResponse(db: Db, input: CompleteSamlResponseInput): Promise<SsoOutcome> {
  const { now } = input;
  const sp = spValues(input.origin);
  const doc = parseXml(Buffer.from(input.samlResponse, "base64").toString("utf8"));
  const inResponseTo = doc ? text(doc, "/*[local-name()='Response']/@InResponseTo") : null;
  const request = inResponseTo ? await findSsoRequest(db, inResponseTo, "saml", now) : undefined;
  const context: SsoAnswerContext & { emailHint: string | null } = {
    purpose: request?.purpose ?? "sign-in",
    // SP-initiated: where the person was going; IdP-initiated: the RelayState, which the
    // adapter keeps only when it is a path on this site.
    returnTo: request ? (request.returnTo ?? "/app") : (input.relayState ?? "/app"),
    testedBy: request?.testedBy ?? null,
    emailHint: request?.emailHint ?? null,
    now,
    clientAddress: input.clientAddress,
    userAgent: input.userAgent,
  };
  const checks: SsoCheck[] = [];
  const refuse = async (failure: Failure, claimed?: { subject?: string | null; email?: string | null; attributes?: Record<string, string[]> }) =>
    refuseSsoResponse(db, { protocol: "saml", ...failure, checks: [...checks, { name: failure.check, ok: false, detail: failure.reason }], ...claimed }, context);

  const connection = await getSsoConnection(db);
  if (!connection || connection.protocol !== "saml") {
    return refuse({ check: "Connection", reason: "A SAML response arrived, but no SAML connection is configured." });
  }
  if (context.purpose === "sign-in" && !connection.enabled) {
    return refuse({ check: "Connection", reason: "A SAML response arrived while single sign-on is turned off." });
  }
  if (!doc) return refuse({ check: "Response", reason: "The posted SAMLResponse is not a SAML response (not base64 XML)." });
  if (context.purpose === "test" && !inResponseTo) {
    return refuse({ check: "InResponseTo", reason: "A test accepts only the answer to its own request." });
  }

  if (request && input.browserRequestIds !== null && !input.browserRequestIds.includes(request.id)) {
    return refuse({
      check: "Browser",
      reason: "The response answers a sign-in that was not started in this browser (or its cookie expired): start again from the sign-in page.",
      refusal: "expired-request",
    });
  }

  let profile: Profile | null;
  try {
    const saml = samlClient(connection, input.origin, ssoRequestCache(db, context, () => now));
    ({ profile } = await saml.validatePostResponseAsync({
      SAMLResponse: input.samlResponse,
      ...(input.relayState === null ? {} : { RelayState: input.relayState }),
    }));
  } catch (error) {
    return await refuse(classify(error, connection), {
      subject: doc ? text(doc, "//*[local-name()='Assertion']/*[local-name()='Subject']/*[local-name()='NameID']") : null,
    });
  }
  if (!profile) return refuse({ check: "Response", reason: "The response signs nobody in (a passive or logout response)." });
  checks.push(
    { name: "Signature", ok: true, detail: "The assertion is signed by a certificate saved for this connection." },
    {
      name: "InResponseTo",
      ok: true,
      detail: inResponseTo ? `Answers our request ${inResponseTo}.` : "IdP-initiated (allowed for this connection): no request to answer.",
    },
    ...(request && input.browserRequestIds !== null ? [{ name: "Browser", ok: true, detail: "The sign-in was started in this browser." }] : []),
    { name: "Audience", ok: true, detail: `For ${sp.entityId}.` },
    { name: "Clock (NotBefore / NotOnOrAfter)", ok: true, detail: `Valid now, with ${connection.clockSkewSeconds} s of allowed skew.` },
  );

  // Only the signed assertion node-saml returns is read from here on.
  const assertion = parseXml(profile.getAssertionXml?.() ?? "");
  if (!assertion) return refuse({ check: "Response", reason: "The signed assertion could not be read back." });
  const attributes = profileAttributes(profile);
  const claimed = { subject: profile.nameID ?? null, email: emailOf(profile, attributes), attributes };

  if (profile.issuer !== connection.samlIdpEntityId) {
    return refuse(
      { check: "Issuer", reason: `The assertion was issued by "${profile.issuer ?? "nobody"}", not by this connection's identity provider ("${connection.samlIdpEntityId}").` },
      claimed,
    );
  }
  checks.push({ name: "Issuer", ok: true, detail: `Issued by ${connection.samlIdpEntityId}.` });

  const recipients = attributeValues(assertion, "//*[local-name()='SubjectConfirmationData']/@Recipient");
  if (recipients.length === 0 || recipients.some((recipient) => recipient !== sp.acsUrl)) {
    return refuse(
      { check: "Recipient", reason: `The assertion is addressed to ${recipients.join(", ") || "no recipient"}, not to our ACS (${sp.acsUrl}). In the IdP, set the single sign-on URL (ACS) to ours.` },
      claimed,
    );
  }
  checks.push({ name: "Recipient", ok: true, detail: `Addressed to ${sp.acsUrl}.` });
  const destination = text(doc, "/*[local-name()='Response']/@Destination");
  if (destination !== null && destination !== sp.acsUrl) {
    return refuse({ check: "Destination", reason: `The response was sent for ${destination}, not for our ACS (${sp.acsUrl}).` }, claimed);
  }
  checks.push({ name: "Destination", ok: true, detail: destination === null ? "Not stated (the assertion's Recipient is ours)." : `Sent for ${sp.acsUrl}.` });

  const assertionId = text(assertion, "/*[local-name()='Assertion']/@ID");
  const notOnOrAfter = [
    ...attributeValues(assertion, "/*[local-name()='Assertion']/*[local-name()='Conditions']/@NotOnOrAfter"),
    ...attributeValues(assertion, "//*[local-name()='SubjectConfirmationData']/@NotOnOrAfter"),
  ]
    .map((value) => Date.parse(value))
    .filter(Number.isFinite);
  const expiresAt = (notOnOrAfter.length > 0 ? Math.max(...notOnOrAfter) : now + 10 * 60_000) + connection.clockSkewSeconds * 1000;
  if (!assertionId) return refuse({ check: "Replay", reason: "The assertion has no ID, so a replay could not be told apart." }, claimed);
  if (!await rememberSsoUse(db, { id: `saml:${connection.samlIdpEntityId}:${assertionId}`, expiresAt, now })) {
    return refuse({ check: "Replay", reason: `The assertion ${assertionId} was already used: a response is accepted once.` }, claimed);
  }
  checks.push({ name: "Replay", ok: true, detail: `Assertion ${assertionId} used for the first time.` });

  if (!claimed.email) {
    return refuse(
      { check: "Email", reason: "The assertion names no email address: in the IdP, set the NameID format to EmailAddress (or send an email attribute)." },
      claimed,
    );
  }
  checks.push({ name: "Email", ok: true, detail: `Email ${claimed.email}.` });
  return completeSsoSignIn(db, { protocol: "saml", subject: profile.nameID, email: claimed.email, attributes, checks }, context);
}
