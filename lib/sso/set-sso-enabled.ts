import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { describeCertificate } from "./describe-certificate";
import { getSsoConnection } from "./get-sso-connection";

/** What is missing before plan users can be sent to the IdP, in words; empty when complete. */
export function missingSettings(row: SsoConnection, now: number): string[] {
  const missing: string[] = [];
  if (row.protocol === "saml") {
    if (!row.samlIdpEntityId) missing.push("the IdP's entity ID");
    if (!row.samlSsoUrl) missing.push("the IdP's single sign-on URL");
    if (row.samlCertificates.length === 0) missing.push("a signing certificate");
    else if (row.samlCertificates.every((pem) => describeCertificate(pem, now).status === "expired")) {
      missing.push("a signing certificate that has not expired");
    }
  } else {
    if (!row.oidcIssuer) missing.push("the issuer");
    if (!row.oidcClientId) missing.push("the client ID");
    if (!row.oidcClientSecretEnc) missing.push("the client secret");
  }
  return missing;
}

/**
 * Turns single sign-on on or off. Off: plan users can no longer start a sign-in (sessions
 * already open continue until they end); the settings stay. On needs a complete connection.
 */
export async function setSsoEnabled(db: Db, enabled: boolean, actor: string, now = Date.now()): Promise<SsoConnection> {
  const on = parseInput(z.boolean({ error: "single sign-on must be on or off" }), enabled);
  return inTransaction(db, async (tx) => {
    const before = await getSsoConnection(tx);
    if (!before) {
      throw new AppError("conflict", "No SSO connection yet: set up SAML (`sso set-saml`) or OpenID Connect (`sso set-oidc`) first, on Security & Controls › Single sign-on or with the CLI.");
    }
    if (before.enabled === on) return before;
    if (on) {
      const missing = missingSettings(before, now);
      if (missing.length > 0) {
        throw new AppError("conflict", `Single sign-on cannot be turned on yet: the ${before.protocol === "saml" ? "SAML" : "OpenID Connect"} connection lacks ${missing.join(", ")}.`);
      }
    }
    await tx.execute("UPDATE sso_connection SET enabled = ?, updated_at = ?, updated_by = ? WHERE id = 1", on ? 1 : 0, now, actor);
    await recordActivity(tx, { at: now, kind: "settings", actor, action: "settings.sso-enabled", fromValue: before.enabled ? "on" : "off", toValue: on ? "on" : "off" });
    return (await getSsoConnection(tx))!;
  });
}
