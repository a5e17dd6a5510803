import type { Db } from "@/db/client";
import { findConnectionForEmail, ssoStartError } from "./find-connection-for-email";
import { getSsoConnection } from "./get-sso-connection";
import type { SecretBoxKey } from "./secret-box";
import { startOidcSignIn } from "./start-oidc-sign-in";
import { startSamlSignIn } from "./start-saml-sign-in";

export type StartSsoSignInInput = {
  origin: string;
  now: number;
  secretBoxKey: SecretBoxKey;
  /** Same-origin path to open afterwards (already checked by the adapter). */
  returnTo: string;
} & ({ purpose: "sign-in"; email: string } | { purpose: "test"; testedBy: string });

export interface StartedSsoSignIn {
  /** Where the browser goes: the IdP's SSO URL or the OP's authorization endpoint. */
  redirectUrl: string;
  /** OIDC: the state, for the cookie that binds the callback to this browser. */
  oidcState: string | null;
  /** SAML: the AuthnRequest's ID, for the cookie that binds the response to this browser (on https). */
  samlRequestId: string | null;
  idpName: string;
}

/**
 * Sends a person (or an admin testing the connection) to the plan's IdP. A sign-in finds the
 * connection by the email's validated domain and needs it turned on; a test runs the saved
 * connection even while it is off, so an admin can check it before anyone depends on it.
 */
export async function startSsoSignIn(db: Db, input: StartSsoSignInInput): Promise<StartedSsoSignIn> {
  const connection = input.purpose === "sign-in" ? await findConnectionForEmail(db, input.email) : await getSsoConnection(db);
  if (!connection) throw ssoStartError("off", "No single sign-on connection is set up yet: save one first.");
  const context = {
    connection,
    origin: input.origin,
    now: input.now,
    purpose: input.purpose,
    returnTo: input.returnTo,
    emailHint: input.purpose === "sign-in" ? input.email.trim() : null,
    testedBy: input.purpose === "test" ? input.testedBy : null,
  };
  if (connection.protocol === "saml") {
    const { redirectUrl, requestId } = await startSamlSignIn(db, context);
    return { redirectUrl, oidcState: null, samlRequestId: requestId, idpName: connection.idpName };
  }
  const { redirectUrl, state } = await startOidcSignIn(db, { ...context, secretBoxKey: input.secretBoxKey });
  return { redirectUrl, oidcState: state, samlRequestId: null, idpName: connection.idpName };
}
