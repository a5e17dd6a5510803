/**
 * node-saml's SP, set up one way for both ends of a SAML sign-in (the AuthnRequest and the
 * ACS). The choices, each for a reason:
 * - `wantAssertionsSigned: true`: the assertion itself must carry a valid signature by one
 *   of the configured certificates (Okta and Entra sign the assertion by default), so an
 *   unsigned assertion in a signed envelope, or an unsigned response, is refused.
 * - `wantAuthnResponseSigned: false`: Entra signs only the assertion by default; a signed
 *   Response on top (Okta's option) is accepted too.
 * - `idpCert`: every configured certificate (two while the IdP rotates its key).
 * - `audience`: our entity ID; `callbackUrl`: our ACS (also AssertionConsumerServiceURL
 *   in the request). node-saml 5 does not compare Recipient, Destination or the assertion's
 *   Issuer: complete-saml-response.ts does, on the signed assertion node-saml returns.
 * - `validateInResponseTo`: "always", or "ifPresent" when the admin allows IdP-initiated
 *   sign-in; the outstanding requests live in `sso_requests` (ssoRequestCache).
 * - `acceptedClockSkewMs`: the connection's clock_skew_seconds.
 * - `identifierFormat`: email address NameID (we match users by email).
 * - `disableRequestedAuthnContext`: Entra refuses a request for PasswordProtectedTransport
 *   when the person signed in with a passkey or Windows Hello (AADSTS75011).
 */
import { SAML, ValidateInResponseTo, type CacheProvider } from "@node-saml/node-saml";
import type { SsoConnection } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { NAMEID_FORMAT_EMAIL, spValues } from "./sp-values";
import { SSO_REQUEST_LIFETIME_MS } from "./sso-requests";

export function samlClient(
  connection: SsoConnection,
  origin: string,
  cacheProvider: CacheProvider,
  generateUniqueId?: () => string,
): SAML {
  const sp = spValues(origin);
  if (!connection.samlSsoUrl || !connection.samlIdpEntityId || connection.samlCertificates.length === 0) {
    throw new AppError(
      "conflict",
      "The SAML connection is incomplete: it needs the identity provider's entity ID, single sign-on URL and signing certificate (Security & Controls → Single sign-on).",
    );
  }
  return new SAML({
    entryPoint: connection.samlSsoUrl,
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    idpCert: connection.samlCertificates,
    idpIssuer: connection.samlIdpEntityId,
    identifierFormat: NAMEID_FORMAT_EMAIL,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: connection.clockSkewSeconds * 1000,
    validateInResponseTo: connection.samlAllowIdpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SSO_REQUEST_LIFETIME_MS,
    cacheProvider,
    disableRequestedAuthnContext: true,
    ...(generateUniqueId ? { generateUniqueId } : {}),
  });
}
