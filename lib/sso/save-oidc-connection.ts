import * as client from "openid-client";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { requirePlan } from "@/lib/plan/get-plan";
import { getSsoConnection } from "./get-sso-connection";
import { guessIdpName, isLoopbackHost, parseIdpUrl } from "./idp-url";
import { idpNameSchema, describeSide } from "./save-saml-connection";
import { sealSecret, type SecretBoxKey } from "./secret-box";

export const oidcConnectionSchema = z
  .object({
    issuer: z.string().trim().min(1, "Enter the issuer URL (Okta: https://<your org>.okta.com; Entra: https://login.microsoftonline.com/<tenant ID>/v2.0)").max(2048, "The issuer must be at most 2,048 characters"),
    clientId: z.string().trim().min(1, "Enter the client ID from the IdP's app").max(512, "The client ID must be at most 512 characters"),
    /** Empty or absent on an update: the saved secret stays. */
    clientSecret: z.string().max(4096, "The client secret must be at most 4,096 characters").optional(),
    idpName: idpNameSchema.optional(),
  })
  .strict();

export type OidcConnectionInput = z.input<typeof oidcConnectionSchema>;

export interface SaveOidcOptions {
  /** The secret box key (server/auth-secret.ts resolveSecretBoxKey() in adapters). */
  secretBoxKey: SecretBoxKey;
  now?: number;
  /** Seconds to wait for the discovery document. */
  timeoutSeconds?: number;
}

/** The issuer as the discovery document states it; refused in words when it does not answer as an OpenID Provider. */
export async function discoverIssuer(issuer: URL, clientId: string, timeoutSeconds = 10): Promise<client.Configuration> {
  try {
    return await client.discovery(issuer, clientId, undefined, undefined, {
      timeout: timeoutSeconds,
      ...(issuer.protocol === "http:" && isLoopbackHost(issuer.hostname) ? { execute: [client.allowInsecureRequests] } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `${issuer.href} did not answer OpenID discovery (${issuer.href.replace(/\/$/, "")}/.well-known/openid-configuration): ${reason}. Check the issuer: Okta's is https://<your org>.okta.com (or its authorization server's URL), Entra's https://login.microsoftonline.com/<tenant ID>/v2.0.`;
    throw new AppError("unavailable", message, { fields: { issuer: [message] } });
  }
}

const UPDATE_OIDC = `UPDATE sso_connection SET protocol = 'oidc', oidc_issuer = ?, oidc_client_id = ?,
    oidc_client_secret_enc = COALESCE(?, oidc_client_secret_enc), idp_name = ?, updated_at = ?, updated_by = ?
  WHERE id = 1`;
const INSERT_OIDC = `INSERT INTO sso_connection (id, enabled, protocol, oidc_issuer, oidc_client_id, oidc_client_secret_enc, idp_name, updated_at, updated_by)
  VALUES (1, 0, 'oidc', ?, ?, ?, ?, ?, ?)`;

/**
 * Saves the OpenID Connect side of the plan's SSO connection and makes OIDC the active
 * protocol (the SAML settings are kept). The issuer must answer OpenID discovery now, so a
 * typo is caught here rather than at a plan user's sign-in. The client secret is sealed
 * (lib/sso/secret-box.ts) and never returned; an empty secret on an update keeps the saved one.
 */
export async function saveOidcConnection(db: Db, input: OidcConnectionInput, actor: string, options: SaveOidcOptions): Promise<SsoConnection> {
  const parsed = parseInput(oidcConnectionSchema, input);
  const now = options.now ?? Date.now();
  const issuerUrl = parseIdpUrl(parsed.issuer, "issuer", "issuer");
  if (issuerUrl.search) {
    const message = "The issuer must not contain a query (?…): enter the issuer URL only.";
    throw new AppError("invalid", message, { fields: { issuer: [message] } });
  }
  await requirePlan(db);
  const before = await getSsoConnection(db);
  const secret = parsed.clientSecret?.trim() ?? "";
  if (secret === "" && !before?.oidcClientSecretEnc) {
    const message = "Enter the client secret from the IdP's app (Okta: General › Client secrets; Entra: Certificates & secrets › Client secrets, its Value).";
    throw new AppError("invalid", message, { fields: { clientSecret: [message] } });
  }
  const configuration = await discoverIssuer(issuerUrl, parsed.clientId, options.timeoutSeconds);
  const metadata = configuration.serverMetadata();
  if (metadata.response_types_supported && !metadata.response_types_supported.includes("code")) {
    const message = `${metadata.issuer} does not offer the authorization code flow, which we use: choose a Web app (Okta) or a Web platform (Entra).`;
    throw new AppError("invalid", message, { fields: { issuer: [message] } });
  }
  const sealed = secret === "" ? null : await sealSecret(secret, options.secretBoxKey);

  return inTransaction(db, async (tx) => {
    const current = await getSsoConnection(tx);
    const idpName = parsed.idpName ?? (current && current.protocol === "oidc" ? current.idpName : guessIdpName(metadata.issuer));
    // The issuer exactly as the provider states it: ID tokens are checked against it. No new
    // secret (null) keeps the saved one.
    await tx.execute(current ? UPDATE_OIDC : INSERT_OIDC, metadata.issuer, parsed.clientId, sealed, idpName, now, actor);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.sso-oidc",
      fromValue: current ? describeSide(current) : null,
      toValue: `OpenID Connect ${metadata.issuer}`,
      // Never the secret: only whether it was replaced.
      details: { issuer: metadata.issuer, clientId: parsed.clientId, secretReplaced: sealed !== null },
    });
    return (await getSsoConnection(tx))!;
  });
}
