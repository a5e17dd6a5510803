import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { ssoRequestCache, type SsoRequestContext } from "./sso-requests";
import { samlClient } from "./saml-client";
import { ssoStartError } from "./find-connection-for-email";

export interface StartSamlSignInInput extends SsoRequestContext {
  connection: SsoConnection;
  /** Our public origin (PUBLIC_URL or the request's). */
  origin: string;
  now: number;
}

/**
 * SP-initiated SAML (Profiles §4.1): an AuthnRequest for the IdP's SSO URL, HTTP-Redirect
 * binding, its ID kept in `sso_requests` (with what it is for) until the answer comes or
 * ten minutes pass. The RelayState is the request's own ID: opaque to the IdP, and never a
 * URL we would follow.
 */
export async function startSamlSignIn(db: Db, input: StartSamlSignInInput): Promise<{ redirectUrl: string; requestId: string }> {
  const requestId = `_${randomBytes(20).toString("hex")}`;
  const saml = samlClient(input.connection, input.origin, ssoRequestCache(db, input, () => input.now), () => requestId);
  let redirectUrl: string;
  try {
    redirectUrl = await saml.getAuthorizeUrlAsync(requestId, undefined, {});
  } catch (error) {
    throw ssoStartError("misconfigured", `The SAML request could not be built: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { redirectUrl, requestId };
}
