import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { requirePlan } from "@/lib/plan/get-plan";
import { describeCertificate } from "./describe-certificate";
import { getSsoConnection, ssoConnection$ } from "./get-sso-connection";
import { guessIdpName, parseIdpUrl } from "./idp-url";
import { MAX_METADATA_CHARS, parseIdpMetadata, type IdpMetadata } from "./parse-idp-metadata";

export const idpNameSchema = z
  .string()
  .trim()
  .min(1, "Give the IdP a display name, e.g. Okta")
  .max(60, "The IdP's display name must be at most 60 characters");

export const samlConnectionSchema = z
  .object({
    /** The IdP's metadata XML; when given, the three fields below are read from it. */
    metadataXml: z.string().max(MAX_METADATA_CHARS, "The IdP metadata is larger than 1 MB: that is not one IdP's metadata.").optional(),
    entityId: z.string().trim().max(1024, "The IdP entity ID must be at most 1,024 characters").optional(),
    ssoUrl: z.string().trim().max(2048, "The SSO URL must be at most 2,048 characters").optional(),
    certificates: z.array(z.string().max(20_000, "A certificate is at most 20,000 characters")).max(2, "At most two signing certificates: the current one and its replacement").optional(),
    idpName: idpNameSchema.optional(),
  })
  .strict();

export type SamlConnectionInput = z.input<typeof samlConnectionSchema>;

function refuse(field: string, message: string): never {
  throw new AppError("invalid", message, { fields: { [field]: [message] } });
}

/** The IdP's side from its metadata, or from the fields, each checked in words. */
function idpSide(input: z.output<typeof samlConnectionSchema>, now: number): IdpMetadata {
  const side: IdpMetadata =
    input.metadataXml !== undefined && input.metadataXml.trim() !== ""
      ? parseIdpMetadata(input.metadataXml)
      : {
          entityId: input.entityId ?? "",
          ssoUrl: input.ssoUrl ?? "",
          certificates: (input.certificates ?? []).filter((c) => c.trim() !== ""),
        };
  if (side.entityId === "") refuse("entityId", "Enter the IdP's entity ID (Okta: Identity Provider Issuer; Entra: Microsoft Entra Identifier), or paste its metadata.");
  if (side.ssoUrl === "") refuse("ssoUrl", "Enter the IdP's single sign-on URL (Okta: Identity Provider Single Sign-On URL; Entra: Login URL), or paste its metadata.");
  parseIdpUrl(side.ssoUrl, "single sign-on URL", "ssoUrl");
  if (side.certificates.length === 0) refuse("certificates", "Add the IdP's signing certificate: without it no response can be checked.");
  const views = side.certificates.map((pem, i) => {
    try {
      return describeCertificate(pem, now, side.certificates.length > 1 ? `Certificate ${i + 1}` : "The certificate");
    } catch (error) {
      if (error instanceof AppError) refuse("certificates", error.message);
      throw error;
    }
  });
  const pems = views.map((v) => v.pem);
  if (new Set(pems).size !== pems.length) refuse("certificates", "The same certificate is given twice: the second one is for the IdP's next certificate during a rotation.");
  if (views.every((v) => v.status === "expired")) {
    refuse("certificates", `The signing certificate${views.length > 1 ? "s have" : " has"} expired: download the IdP's current certificate (or metadata) and try again.`);
  }
  return { ...side, certificates: pems };
}

const UPDATE_SAML = `UPDATE sso_connection SET protocol = 'saml', saml_idp_entity_id = ?, saml_sso_url = ?, saml_certificates = ?,
    idp_name = ?, updated_at = ?, updated_by = ?
  WHERE id = 1`;
const INSERT_SAML = `INSERT INTO sso_connection (id, enabled, protocol, saml_idp_entity_id, saml_sso_url, saml_certificates, idp_name, updated_at, updated_by)
  VALUES (1, 0, 'saml', ?, ?, ?, ?, ?, ?)`;

/**
 * Saves the SAML side of the plan's SSO connection and makes SAML the active protocol (the
 * OIDC settings are kept, for switching back). A new connection starts off: test it, then
 * turn it on. One activity entry, with the certificates' fingerprints.
 */
export async function saveSamlConnection(db: Db, input: SamlConnectionInput, actor: string, now = Date.now()): Promise<SsoConnection> {
  const parsed = parseInput(samlConnectionSchema, input);
  const side = idpSide(parsed, now);
  return inTransaction(db, async (tx) => {
    await requirePlan(tx);
    const before = await getSsoConnection(tx);
    const idpName = parsed.idpName ?? (before && before.protocol === "saml" ? before.idpName : guessIdpName(side.ssoUrl));
    const certificates = ssoConnection$.toStored("samlCertificates", side.certificates) as string;
    await tx.execute(before ? UPDATE_SAML : INSERT_SAML, side.entityId, side.ssoUrl, certificates, idpName, now, actor);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.sso-saml",
      fromValue: before ? describeSide(before) : null,
      toValue: `SAML ${side.entityId}`,
      details: {
        source: parsed.metadataXml?.trim() ? "metadata" : "fields",
        entityId: side.entityId,
        ssoUrl: side.ssoUrl,
        certificates: side.certificates.map((pem) => describeCertificate(pem, now).fingerprint256),
      },
    });
    return (await getSsoConnection(tx))!;
  });
}

/** How a saved connection reads in the log's "from" column. */
export function describeSide(row: SsoConnection): string {
  return row.protocol === "saml" ? `SAML ${row.samlIdpEntityId ?? "(not set)"}` : `OpenID Connect ${row.oidcIssuer ?? "(not set)"}`;
}
