/**
 * Our side of the SSO connection: the values a System Admin gives the IdP (README "Single
 * sign-on"). They derive from the public origin (PUBLIC_URL, or the request's), so set
 * PUBLIC_URL before connecting an IdP: the IdP keeps the URLs it was given.
 */
export interface SpValues {
  /** SAML service-provider entity ID (also where our SP metadata is served). */
  entityId: string;
  /** Assertion Consumer Service: the IdP posts responses here (HTTP-POST binding). */
  acsUrl: string;
  metadataUrl: string;
  /** OIDC redirect URI to register with the IdP. */
  oidcRedirectUri: string;
  /** Where plan users start (the IdP's "initiate login URI" for OIDC apps). */
  signInUrl: string;
}

export const SP_PATHS = {
  metadata: "/sso/saml/metadata",
  acs: "/sso/saml/acs",
  oidcCallback: "/sso/oidc/callback",
  start: "/sso/start",
  signIn: "/sign-in",
} as const;

/** NameID format we ask for: the plan matches users by email (docs/product.md §1). */
export const NAMEID_FORMAT_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

export function spValues(origin: string): SpValues {
  const base = new URL(origin).origin;
  return {
    entityId: `${base}${SP_PATHS.metadata}`,
    acsUrl: `${base}${SP_PATHS.acs}`,
    metadataUrl: `${base}${SP_PATHS.metadata}`,
    oidcRedirectUri: `${base}${SP_PATHS.oidcCallback}`,
    signInUrl: `${base}${SP_PATHS.signIn}`,
  };
}
