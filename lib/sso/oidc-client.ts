/**
 * openid-client's view of the plan's OpenID Provider: discovery once per issuer and client
 * (cached a few minutes, so a sign-in does not fetch the provider's metadata every time,
 * while a key rotation or a changed secret is seen soon), client_secret_basic (what Okta and
 * Entra register by default), the connection's clock tolerance for the ID token's times.
 * Plain http is allowed only for a provider on this machine's loopback (the test OP).
 */
import { createHash } from "node:crypto";
import * as client from "openid-client";
import type { SsoConnection } from "@/db/schema";
import { AppError } from "@/lib/errors";

const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { config: client.Configuration; until: number }>();

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function parseIssuer(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new AppError("invalid", `The OpenID Connect issuer "${issuer}" is not a URL.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new AppError("invalid", `The OpenID Connect issuer must use https (${issuer}); plain http is allowed only on this machine (localhost).`);
  }
  return url;
}

/** Discovery (OpenID Connect Discovery 1.0) for the connection, cached per issuer, client and secret. */
export async function oidcConfiguration(connection: SsoConnection, clientSecret: string, now: number): Promise<client.Configuration> {
  if (!connection.oidcIssuer || !connection.oidcClientId) {
    throw new AppError("conflict", "The OpenID Connect connection is incomplete: it needs the issuer and the client ID (Security & Controls → Single sign-on).");
  }
  const issuer = parseIssuer(connection.oidcIssuer);
  const key = createHash("sha256")
    .update(`${issuer.href}\n${connection.oidcClientId}\n${clientSecret}\n${connection.clockSkewSeconds}`)
    .digest("base64url");
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.config;
  let config: client.Configuration;
  try {
    config = await client.discovery(
      issuer,
      connection.oidcClientId,
      { [client.clockTolerance]: connection.clockSkewSeconds },
      client.ClientSecretBasic(clientSecret),
      issuer.protocol === "http:" ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
  } catch (error) {
    throw new AppError(
      "unavailable",
      `The OpenID Provider at ${issuer.href} did not answer its discovery document (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  cache.set(key, { config, until: now + CACHE_MS });
  return config;
}
