import type { Db, EngineSql } from "@/db/client";
import type { SsoProtocol } from "@/db/schema";
import { listValidatedDomainNames } from "@/lib/domains/validated-domains";
import { describeCertificate, type CertificateView } from "./describe-certificate";
import { getSsoConnection } from "./get-sso-connection";
import { missingSettings } from "./set-sso-enabled";
import { NAMEID_FORMAT_EMAIL, spValues, type SpValues } from "./sp-values";

export interface SsoSettingsView {
  /** Our side, always there: the admin gives it to the IdP before anything is saved. */
  sp: SpValues & { nameIdFormat: string };
  /** Validated domains: plan users are sent to the IdP by their email's domain. */
  validatedDomains: string[];
  /** Null until SAML or OIDC is saved once. */
  connection: {
    protocol: SsoProtocol;
    enabled: boolean;
    idpName: string;
    /** What turning it on still needs, in words (lib/sso/set-sso-enabled.ts). */
    missing: string[];
    saml: {
      entityId: string | null;
      ssoUrl: string | null;
      certificates: CertificateView[];
      allowIdpInitiated: boolean;
    };
    oidc: {
      issuer: string | null;
      clientId: string | null;
      /** The secret itself never leaves the database: only that one is saved, and since when. */
      secretSaved: boolean;
      secretSavedAt: number | null;
    };
    clockSkewSeconds: number;
    requireSsoForAdmins: boolean;
    updatedAt: number;
    updatedBy: string;
  } | null;
}

// details.secretReplaced is JSON true: SQLite's json_extract gives 1, PostgreSQL compares jsonb.
const SECRET_SAVED_AT: EngineSql = {
  sqlite: `SELECT at FROM activity WHERE kind = 'settings' AND action = 'settings.sso-oidc'
           AND json_extract(details, '$.secretReplaced') = 1 ORDER BY at DESC LIMIT 1`,
  postgres: `SELECT at FROM activity WHERE kind = 'settings' AND action = 'settings.sso-oidc'
           AND CAST(details AS jsonb) @> '{"secretReplaced": true}' ORDER BY at DESC LIMIT 1`,
};

/** The SSO connection as Security & Controls › Single sign-on and `sso show` present it; never the client secret. */
export async function getSsoSettings(db: Db, { origin, now }: { origin: string; now: number }): Promise<SsoSettingsView> {
  const row = await getSsoConnection(db);
  const sp = { ...spValues(origin), nameIdFormat: NAMEID_FORMAT_EMAIL };
  const validatedDomains = await listValidatedDomainNames(db);
  if (!row) return { sp, validatedDomains, connection: null };
  const secretSavedAt = row.oidcClientSecretEnc
    ? ((await db.row<{ at: number }>(SECRET_SAVED_AT))?.at ?? null)
    : null;
  return {
    sp,
    validatedDomains,
    connection: {
      protocol: row.protocol,
      enabled: row.enabled,
      idpName: row.idpName,
      missing: missingSettings(row, now),
      saml: {
        entityId: row.samlIdpEntityId,
        ssoUrl: row.samlSsoUrl,
        certificates: row.samlCertificates.map((pem) => describeCertificate(pem, now)),
        allowIdpInitiated: row.samlAllowIdpInitiated,
      },
      oidc: {
        issuer: row.oidcIssuer,
        clientId: row.oidcClientId,
        secretSaved: row.oidcClientSecretEnc !== null,
        secretSavedAt,
      },
      clockSkewSeconds: row.clockSkewSeconds,
      requireSsoForAdmins: row.requireSsoForAdmins,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
    },
  };
}
