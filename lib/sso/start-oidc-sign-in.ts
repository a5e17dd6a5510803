import * as client from "openid-client";
import type { Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { oidcConfiguration } from "./oidc-client";
import { openSecret, type SecretBoxKey } from "./secret-box";
import { spValues } from "./sp-values";
import { oidcStateKey, storeSsoRequest, type SsoRequestContext } from "./sso-requests";
import { ssoStartError } from "./find-connection-for-email";
import { AppError } from "@/lib/errors";

export interface StartOidcSignInInput extends SsoRequestContext {
  connection: SsoConnection;
  origin: string;
  secretBoxKey: SecretBoxKey;
  now: number;
}

/**
 * Authorization code flow with PKCE (RFC 7636, S256), `state` and `nonce` (OpenID Connect
 * Core §3.1.2.1). The request is stored under a hash of the state; the state itself goes
 * back to the browser, which the route also puts in a short-lived cookie so the callback
 * is bound to the browser that started it (no login CSRF).
 */
export async function startOidcSignIn(db: Db, input: StartOidcSignInInput): Promise<{ redirectUrl: string; state: string }> {
  const { connection } = input;
  if (!connection.oidcClientSecretEnc) {
    throw ssoStartError("misconfigured", "The OpenID Connect connection has no client secret yet.");
  }
  let config: client.Configuration;
  try {
    const secret = await openSecret(connection.oidcClientSecretEnc, input.secretBoxKey);
    config = await oidcConfiguration(connection, secret, input.now);
  } catch (error) {
    const unreachable = error instanceof AppError && error.code === "unavailable";
    throw ssoStartError(unreachable ? "unreachable" : "misconfigured", error instanceof Error ? error.message : String(error));
  }
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await storeSsoRequest(db, { ...input, id: oidcStateKey(state), protocol: "oidc", codeVerifier, nonce });
  const parameters: Record<string, string> = {
    redirect_uri: spValues(input.origin).oidcRedirectUri,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  };
  if (input.emailHint) parameters.login_hint = input.emailHint;
  return { redirectUrl: client.buildAuthorizationUrl(config, parameters).href, state };
}
