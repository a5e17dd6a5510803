/**
 * What `sso test` and the screen's "Check the connection" verify without a browser: each
 * signing certificate is valid now and not about to expire, the IdP answers, and our clock
 * agrees with the IdP's (its HTTP Date header) within the connection's clock skew. A
 * response checked later against NotBefore/NotOnOrAfter fails for a clock that drifted.
 */
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { certificateExpiryText, CERTIFICATE_WARNING_DAYS, describeCertificate } from "./describe-certificate";
import { getSsoConnection } from "./get-sso-connection";
import { discoverIssuer } from "./save-oidc-connection";
import { openSecret, type SecretBoxKey } from "./secret-box";
import type { SsoCheck } from "./sso-test-result";

export interface CheckSsoOptions {
  now: number;
  /** To check that the saved OIDC client secret still opens. */
  secretBoxKey?: SecretBoxKey;
  timeoutMs?: number;
}

export interface SsoConnectionCheck {
  ok: boolean;
  protocol: "saml" | "oidc";
  checks: SsoCheck[];
}

/** The IdP's answer at `url`: our time minus the IdP's Date header (ms), or why there was none. */
async function idpClock(url: string, now: number, timeoutMs: number): Promise<{ offsetMs: number; status: number } | { error: string }> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs), headers: { accept: "text/html,application/json" } });
    await response.body?.cancel();
    const date = response.headers.get("date");
    const at = date ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(at)) return { error: `${url} answered HTTP ${response.status} without a Date header, so the clocks cannot be compared` };
    return { offsetMs: now - at, status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: `${url} did not answer (${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))})` };
  }
}

export async function checkSsoConnection(db: Db, { now, secretBoxKey, timeoutMs = 10_000 }: CheckSsoOptions): Promise<SsoConnectionCheck> {
  const row = await getSsoConnection(db);
  if (!row) throw new AppError("conflict", "No SSO connection yet: set up SAML (`sso set-saml`) or OpenID Connect (`sso set-oidc`) first.");
  const checks: SsoCheck[] = [];
  let clockUrl: string | null = null;

  if (row.protocol === "saml") {
    if (row.samlCertificates.length === 0) checks.push({ name: "Signing certificate", ok: false, detail: "No signing certificate is saved: no response could be checked." });
    row.samlCertificates.forEach((pem, i) => {
      const view = describeCertificate(pem, now);
      const name = row.samlCertificates.length > 1 ? `Signing certificate ${i + 1}` : "Signing certificate";
      const ok = view.status === "valid";
      const advice =
        view.status === "expired" || view.status === "not-yet-valid"
          ? ": responses signed with it are refused. Add the IdP's current certificate."
          : view.status === "expiring"
            ? `: within ${CERTIFICATE_WARNING_DAYS} days. Add the IdP's next certificate as the second one now, so sign-in continues when the IdP switches.`
            : ".";
      checks.push({ name, ok, detail: `${view.subject}, SHA-256 ${view.fingerprint256}: ${certificateExpiryText(view)}${advice}` });
    });
    clockUrl = row.samlSsoUrl;
    if (!clockUrl) checks.push({ name: "IdP reachable", ok: false, detail: "No single sign-on URL is saved." });
  } else {
    if (!row.oidcIssuer || !row.oidcClientId) {
      checks.push({ name: "Discovery", ok: false, detail: "The issuer or client ID is not saved." });
    } else {
      try {
        await discoverIssuer(new URL(row.oidcIssuer), row.oidcClientId, Math.ceil(timeoutMs / 1000));
        checks.push({ name: "Discovery", ok: true, detail: `${row.oidcIssuer} answers OpenID discovery and names itself as the issuer.` });
      } catch (error) {
        checks.push({ name: "Discovery", ok: false, detail: error instanceof Error ? error.message : String(error) });
      }
      clockUrl = `${row.oidcIssuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    }
    if (!row.oidcClientSecretEnc) checks.push({ name: "Client secret", ok: false, detail: "No client secret is saved: enter the one from the IdP's app." });
    else if (secretBoxKey) {
      try {
        await openSecret(row.oidcClientSecretEnc, secretBoxKey);
        checks.push({ name: "Client secret", ok: true, detail: "The saved client secret can be decrypted with this server's secret." });
      } catch (error) {
        checks.push({ name: "Client secret", ok: false, detail: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  if (clockUrl) {
    const clock = await idpClock(clockUrl, now, timeoutMs);
    if ("error" in clock) {
      checks.push({ name: "IdP reachable", ok: false, detail: `${clock.error}: check the URL, and that this server can reach the IdP.` });
    } else {
      checks.push({ name: "IdP reachable", ok: true, detail: `${clockUrl} answered (HTTP ${clock.status}).` });
      // The Date header has whole seconds: up to one second of difference is its rounding.
      const seconds = Math.round(clock.offsetMs / 1000);
      const within = Math.abs(clock.offsetMs) <= row.clockSkewSeconds * 1000 + 1000;
      const direction = seconds === 0 ? "the same time as" : seconds > 0 ? `${seconds} s ahead of` : `${-seconds} s behind`;
      checks.push({
        name: "Clock",
        ok: within,
        detail: within
          ? `Our clock shows ${direction} the IdP's (allowed: ±${row.clockSkewSeconds} s).`
          : `Our clock is ${direction} the IdP's, more than the allowed ±${row.clockSkewSeconds} s: responses would be refused as not yet valid or expired. Synchronise this server's clock (NTP), or raise the clock skew.`,
      });
    }
  }
  return { ok: checks.every((c) => c.ok), protocol: row.protocol, checks };
}
