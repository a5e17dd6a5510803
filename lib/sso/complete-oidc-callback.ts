/**
 * The OpenID Connect redirect URI's work: the state names one of our outstanding requests
 * (used up at once) and matches the cookie of the browser that started it; openid-client
 * then checks the authorization response's `iss` (RFC 9207, against mix-up), redeems the
 * code with the PKCE verifier, and validates the ID token: signature from the provider's
 * JWKS, issuer, audience (our client ID), expiry and issued-at with the connection's
 * tolerance, and our nonce. Then the claims: `email` (not when `email_verified` is false)
 * and `sub`; the token's `jti` (or nonce) is remembered so it signs in once.
 */
import { timingSafeEqual } from "node:crypto";
import * as client from "openid-client";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { completeSsoSignIn, refuseSsoResponse, type SsoAnswerContext, type SsoOutcome } from "./complete-sso-sign-in";
import { getSsoConnection } from "./get-sso-connection";
import { oidcConfiguration } from "./oidc-client";
import { openSecret, type SecretBoxKey } from "./secret-box";
import { spValues } from "./sp-values";
import { oidcStateKey, rememberSsoUse, takeSsoRequest } from "./sso-requests";
import type { SsoCheck } from "./sso-test-result";

export interface CompleteOidcCallbackInput {
  /** The callback's query string, as the OP redirected the browser (code, state, iss or error). */
  query: string;
  /** The state cookie set when this browser started the sign-in; null when it has none. */
  stateCookie: string | null;
  origin: string;
  secretBoxKey: SecretBoxKey;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

interface Failure {
  check: string;
  reason: string;
  refusal?: "invalid-response" | "expired-request";
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function classify(error: unknown, connection: SsoConnection): Failure {
  // openid-client wraps oauth4webapi's error, whose message names the check, as its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  const message = cause ?? (error instanceof Error ? error.message : String(error));
  if (error instanceof client.AuthorizationResponseError) {
    return { check: "Status", reason: `The identity provider did not sign the person in (${error.error}${error.error_description ? `: ${error.error_description}` : ""}).` };
  }
  if (/"iss"|issuer/i.test(message)) {
    return { check: "Issuer", reason: `The answer was not issued by this connection's provider (${connection.oidcIssuer}): ${message}.` };
  }
  if (/nonce/i.test(message)) return { check: "Nonce", reason: `The ID token does not carry the nonce of our request: ${message}.` };
  if (/"aud"|audience|azp/i.test(message)) return { check: "Audience", reason: `The ID token is for another client, not ${connection.oidcClientId}: ${message}.` };
  if (/"exp"|"iat"|"nbf"|expired|timestamp/i.test(message)) {
    return { check: "Clock", reason: `The ID token is expired or not valid yet (allowed skew ${connection.clockSkewSeconds} s): ${message}.` };
  }
  if (/signature|JWS|JWK/i.test(message)) return { check: "Signature", reason: `The ID token's signature does not verify with the provider's keys (JWKS): ${message}.` };
  if (/state/i.test(message)) return { check: "State", reason: `The answer does not carry our state: ${message}.` };
  if (error instanceof client.ResponseBodyError) {
    return {
      check: "Code",
      reason: `The provider refused to redeem the authorization code (${error.error}${error.error_description ? `: ${error.error_description}` : ""}): an old or used code, a wrong PKCE verifier, or a wrong client secret.`,
    };
  }
  return { check: "Response", reason: `The provider's answer could not be used: ${message}.` };
}

export async function completeOidcCallback(db: Db, input: CompleteOidcCallbackInput): Promise<SsoOutcome> {
  const { now } = input;
  const params = new URLSearchParams(input.query);
  const state = params.get("state");
  const request = state ? await takeSsoRequest(db, oidcStateKey(state), "oidc", now) : undefined;
  const context: SsoAnswerContext & { emailHint: string | null } = {
    purpose: request?.purpose ?? "sign-in",
    returnTo: request?.returnTo ?? "/app",
    testedBy: request?.testedBy ?? null,
    emailHint: request?.emailHint ?? null,
    now,
    clientAddress: input.clientAddress,
    userAgent: input.userAgent,
  };
  const checks: SsoCheck[] = [];
  const refuse = async (failure: Failure, claimed?: { subject?: string | null; email?: string | null; attributes?: Record<string, string[]> }) =>
    refuseSsoResponse(db, { protocol: "oidc", ...failure, checks: [...checks, { name: failure.check, ok: false, detail: failure.reason }], ...claimed }, context);

  if (!state || !request) {
    return refuse({
      check: "State",
      reason: "The answer names no sign-in we are waiting for: it is over 10 minutes old, was already used, or was never started here.",
      refusal: "expired-request",
    });
  }
  if (input.stateCookie === null || !sameText(input.stateCookie, state)) {
    return refuse({ check: "State", reason: "The sign-in was not started in this browser (its state cookie is missing or different): a forged or forwarded sign-in link." });
  }
  checks.push({ name: "State", ok: true, detail: "Answers our request, in the browser that started it." });

  const connection = await getSsoConnection(db);
  if (!connection || connection.protocol !== "oidc") {
    return refuse({ check: "Connection", reason: "An OpenID Connect answer arrived, but no OpenID Connect connection is configured." });
  }
  if (context.purpose === "sign-in" && !connection.enabled) {
    return refuse({ check: "Connection", reason: "An OpenID Connect answer arrived while single sign-on is turned off." });
  }

  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    const secret = await openSecret(connection.oidcClientSecretEnc ?? "", input.secretBoxKey);
    const config = await oidcConfiguration(connection, secret, now);
    tokens = await client.authorizationCodeGrant(config, new URL(`${spValues(input.origin).oidcRedirectUri}?${params}`), {
      pkceCodeVerifier: request.codeVerifier ?? "",
      expectedState: state,
      expectedNonce: request.nonce ?? "",
      idTokenExpected: true,
    });
  } catch (error) {
    return await refuse(classify(error, connection));
  }
  const claims = tokens.claims();
  if (!claims) return refuse({ check: "ID token", reason: "The provider sent no ID token." });
  const attributes: Record<string, string[]> = Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [name, (Array.isArray(value) ? value : [value]).map((v) => (typeof v === "string" ? v : JSON.stringify(v)))]),
  );
  const email = typeof claims.email === "string" && z.email().safeParse(claims.email.trim()).success ? claims.email.trim() : null;
  const claimed = { subject: claims.sub, email, attributes };
  checks.push(
    { name: "Issuer", ok: true, detail: `Issued by ${claims.iss}.` },
    { name: "Audience", ok: true, detail: `For our client ${connection.oidcClientId}.` },
    { name: "Signature", ok: true, detail: "The ID token verifies with the provider's published keys (JWKS)." },
    { name: "Clock", ok: true, detail: `Not expired, with ${connection.clockSkewSeconds} s of allowed skew.` },
    { name: "Nonce", ok: true, detail: "Carries the nonce of our request." },
    { name: "PKCE", ok: true, detail: "The code was redeemed with our S256 code verifier." },
  );

  const tokenId = typeof claims.jti === "string" ? claims.jti : (claims.nonce ?? request.nonce ?? "");
  const expiresAt = claims.exp * 1000 + connection.clockSkewSeconds * 1000;
  if (!await rememberSsoUse(db, { id: `oidc:${claims.iss}:${tokenId}`, expiresAt, now })) {
    return refuse({ check: "Replay", reason: "This ID token was already used: it signs in once." }, claimed);
  }
  checks.push({ name: "Replay", ok: true, detail: "The ID token is used for the first time." });

  if (!email) return refuse({ check: "Email", reason: "The ID token carries no email claim: request the email scope for this app in the IdP." }, claimed);
  if (claims.email_verified === false) {
    return refuse({ check: "Email", reason: `The provider says ${email} is not verified (email_verified: false).` }, claimed);
  }
  checks.push({ name: "Email", ok: true, detail: `Email ${email}${claims.email_verified === true ? " (verified)" : ""}.` });
  return completeSsoSignIn(db, { protocol: "oidc", subject: claims.sub, email, attributes, checks }, context);
}
