import type { Db } from "@/db/client";
import type { AlertEvent } from "@/db/schema";
import { listOpenAlerts } from "@/lib/alerts/raise-alert";
import { countHeldNow } from "@/lib/directory/get-breaker-status";
import { ADOPTION_PAGE, countPendingAdoptions } from "@/lib/directory/request-adoption";
import { getPlan } from "@/lib/plan/get-plan";
import { countScimRequests } from "./count-scim-requests";
import { autoUpgradeWarning } from "@/lib/seats";
import { certificateExpiryText, describeCertificate } from "@/lib/sso/describe-certificate";
import { getSsoConnection } from "@/lib/sso/get-sso-connection";
import { openSecret, type SecretBoxKey } from "@/lib/sso/secret-box";

export interface Warning {
  key: "auto-upgrade-with-di" | "token-expiring" | "scim-errors" | "reactivation-requests" | "breaker-tripped";
  message: string;
  /** Where the admin acts on it. */
  href: string;
}

const DAY = 86_400_000;

/**
 * A warning that names its own link text: the SSO connection's (getSsoWarnings) and the open
 * alerts' (issue 14 §4), which say the same as the webhooks that carried them.
 */
export interface LinkedWarning {
  key: "sso-certificate" | "sso-secret" | `alert:${AlertEvent}`;
  message: string;
  href: string;
  action: string;
}

const ALERT_ACTIONS: Record<AlertEvent, string> = {
  "breaker.tripped": "Review the held changes",
  "adoption.waiting": "Review the links",
  "di.turned-off": "Open Directory Integration",
  "token.expiring": "Rotate the token",
  "token.unused": "Review the token",
  "scim.failure-spike": "See the failed requests",
  "saml.certificate-expiring": "Update the certificate",
};

/**
 * Alerts the Overview already shows as a condition of its own are left out: an expiring token
 * (getWarnings' own), a SAML certificate (getSsoWarnings, which the page adds), and a tripped
 * breaker or waiting adoption once a warning of theirs links to the same page.
 */
const SHOWN_ELSEWHERE: AlertEvent[] = ["token.expiring", "saml.certificate-expiring"];
const SHOWN_WITH_SAME_LINK: AlertEvent[] = ["breaker.tripped", "adoption.waiting"];

async function alertWarnings(db: Db, conditions: { href: string }[]): Promise<LinkedWarning[]> {
  const linked = new Set(conditions.map((w) => w.href));
  return (await listOpenAlerts(db))
    .filter((a) => !SHOWN_ELSEWHERE.includes(a.event) && !(SHOWN_WITH_SAME_LINK.includes(a.event) && a.link !== null && linked.has(a.link)))
    .map((a) => ({ key: `alert:${a.event}` as const, message: a.summary, href: a.link ?? "/activity", action: ALERT_ACTIONS[a.event] }));
}

const EXPIRING_TOKENS = `SELECT name, expires_at AS "expiresAt" FROM scim_tokens
  WHERE revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at > ? AND expires_at <= ? ORDER BY expires_at`;

/** The Overview's "needs action" list (issue 5), and the open alerts (issue 14 §4) after its own warnings. */
export async function getWarnings(db: Db, now: number): Promise<(Warning | LinkedWarning)[]> {
  const warnings: Warning[] = [];
  const plan = await getPlan(db);
  if (!plan) return warnings;
  const held = await countHeldNow(db);
  if (held > 0) {
    warnings.push({
      key: "breaker-tripped",
      message: `The mass-deactivation breaker tripped: ${held} change${held === 1 ? "" : "s"} from the identity provider ${held === 1 ? "is" : "are"} held until you release or discard ${held === 1 ? "it" : "them"}.`,
      href: "/security/held-changes",
    });
  }
  const upgrade = autoUpgradeWarning(plan);
  if (upgrade) warnings.push({ key: "auto-upgrade-with-di", message: upgrade, href: "/security/plan" });
  const expiring = await db.rows<{ name: string; expiresAt: number }>(EXPIRING_TOKENS, now, now + 14 * DAY);
  for (const t of expiring) {
    const days = Math.max(0, Math.round((t.expiresAt - now) / DAY));
    warnings.push({
      key: "token-expiring",
      message: `SCIM token '${t.name}' expires in ${days} day${days === 1 ? "" : "s"}: generate a new one, update Okta, then revoke the old one.`,
      href: "/security/tokens",
    });
  }
  // A folded row of repeated failures stands for details.count requests (lib/scim/request-log.ts); countScimRequests counts them so.
  const errors = (await countScimRequests(db, now - DAY, Infinity))
    .filter((c) => c.failed && c.part !== "deactivation")
    .reduce((sum, c) => sum + c.requests, 0);
  if (errors > 0) {
    warnings.push({
      key: "scim-errors",
      message: `${errors} SCIM request${errors === 1 ? "" : "s"} failed in the last 24 hours.`,
      href: "/activity?kind=scim&status=failed",
    });
  }
  const requests = (await db.row<{ n: number }>(
    "SELECT count(*) AS n FROM users WHERE status = 'deactivated' AND reactivation_requested_at IS NOT NULL",
  ))!.n;
  if (requests > 0) {
    warnings.push({
      key: "reactivation-requests",
      message: `The identity provider asks to reactivate ${requests} deactivated user${requests === 1 ? "" : "s"}; only a System Admin can (DI off → reactivate → DI on).`,
      href: "/users?reactivation=requested",
    });
  }
  // Issue 14 §2: links waiting for a System Admin, with their count (the alert itself says no number).
  const pendingLinks = await countPendingAdoptions(db);
  const adoption: LinkedWarning[] =
    pendingLinks > 0
      ? [{ key: "alert:adoption.waiting", message: `${pendingLinks} ${pendingLinks === 1 ? "person who was" : "people who were"} on the plan before SCIM ${pendingLinks === 1 ? "waits" : "wait"} for your approval to be linked to the identity provider, which gets 409 for them meanwhile.`, href: ADOPTION_PAGE, action: ALERT_ACTIONS["adoption.waiting"] }]
      : [];
  return [...warnings, ...adoption, ...await alertWarnings(db, [...warnings, ...adoption])];
}

/**
 * The SSO connection's warnings, apart from getWarnings because one of them needs the secret
 * box key and an async decryption: a signing certificate expiring within 30 days or expired
 * (sign-in breaks when the IdP signs with a certificate we do not have, or ours expires),
 * and an OIDC client secret this server can no longer decrypt (its AUTH_SECRET changed).
 * Each links to Security & Controls › Single sign-on, with its own link text.
 */
export type SsoWarning = LinkedWarning;

export async function getSsoWarnings(db: Db, { now, secretBoxKey }: { now: number; secretBoxKey?: SecretBoxKey }): Promise<SsoWarning[]> {
  const row = await getSsoConnection(db);
  if (!row) return [];
  const warnings: SsoWarning[] = [];
  if (row.protocol === "saml") {
    const views = row.samlCertificates.map((pem) => describeCertificate(pem, now));
    const usable = views.filter((v) => v.status === "valid");
    for (const view of views) {
      if (view.status !== "expiring" && view.status !== "expired") continue;
      const consequence =
        usable.length > 0
          ? "the other certificate still works"
          : view.status === "expired"
            ? "single sign-on is refused until you add the IdP's current certificate"
            : "single sign-on stops then unless you add the IdP's next certificate";
      warnings.push({
        key: "sso-certificate",
        message: `The IdP's signing certificate ${view.subject} (SHA-256 ${view.fingerprint256.slice(0, 11)}…) ${certificateExpiryText(view)}: ${consequence}.`,
        href: "/security/sso",
        action: "Update the certificate",
      });
    }
  } else if (row.oidcClientSecretEnc && secretBoxKey) {
    try {
      await openSecret(row.oidcClientSecretEnc, secretBoxKey);
    } catch {
      warnings.push({
        key: "sso-secret",
        message: "The saved OpenID Connect client secret cannot be decrypted (the server's secret changed): OIDC sign-in fails until you enter the client secret again.",
        href: "/security/sso",
        action: "Enter the client secret",
      });
    }
  }
  return warnings;
}
