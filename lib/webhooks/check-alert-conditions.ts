/**
 * The scheduler's alert job (issue 14 §4): raises an alert when a condition starts and clears
 * it when it ends, so each condition notifies once. Cheap when nothing is wrong: the active
 * tokens (at most two), a quarter hour of SCIM counts, the SSO row, the open alerts.
 */
import { inTransaction, type Db } from "@/db/client";
import type { AlertEvent } from "@/db/schema";
import { clearAlert, listOpenAlerts, raiseAlert, type AlertInput } from "@/lib/alerts/raise-alert";
import { countScimRequests } from "@/lib/overview/count-scim-requests";
import { getPlan } from "@/lib/plan/get-plan";
import { describeCertificate } from "@/lib/sso/describe-certificate";
import { getSsoConnection } from "@/lib/sso/get-sso-connection";

const DAY = 86_400_000;
export const TOKEN_EXPIRY_ALERT_DAYS = 14;
export const TOKEN_UNUSED_ALERT_DAYS = 30;
/** A spike: within the last quarter hour, at least this many SCIM requests failed … */
export const FAILURE_SPIKE_MIN_FAILURES = 20;
/** … and they were at least this share of the requests. */
export const FAILURE_SPIKE_MIN_SHARE = 0.1;
export const FAILURE_SPIKE_WINDOW_MS = 15 * 60_000;

const TOKENS = `SELECT id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt"
  FROM scim_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`;

const day = (at: number) => new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What should be open now, per event this job owns. */
async function currentConditions(db: Db, now: number): Promise<Map<string, AlertInput>> {
  const wanted = new Map<string, AlertInput>();
  const add = (input: AlertInput) => wanted.set(input.key, input);
  const tokens = await db.rows<{ id: string; name: string; createdAt: number; lastUsedAt: number | null; expiresAt: number | null }>(TOKENS, now);
  for (const t of tokens) {
    if (t.expiresAt !== null && t.expiresAt <= now + TOKEN_EXPIRY_ALERT_DAYS * DAY) {
      const days = Math.max(0, Math.round((t.expiresAt - now) / DAY));
      add({
        event: "token.expiring",
        key: `token.expiring:${t.id}`,
        summary: `SCIM token '${t.name}' expires in ${plural(days, "day")} (${day(t.expiresAt)}): generate a new one, enter it in the identity provider, then revoke the old one.`,
        details: { tokenId: t.id, name: t.name, expiresAt: new Date(t.expiresAt).toISOString() },
        link: "/security/tokens",
      });
    }
    const since = t.lastUsedAt ?? t.createdAt;
    if (since <= now - TOKEN_UNUSED_ALERT_DAYS * DAY) {
      add({
        event: "token.unused",
        key: `token.unused:${t.id}`,
        summary:
          t.lastUsedAt === null
            ? `SCIM token '${t.name}' was never used since it was generated on ${day(t.createdAt)}: if the identity provider does not use it, revoke it.`
            : `SCIM token '${t.name}' has not been used since ${day(t.lastUsedAt)}: provisioning may have stopped, or the token is no longer needed (revoke it).`,
        details: { tokenId: t.id, name: t.name, lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString() },
        link: "/security/tokens",
      });
    }
  }

  // The Overview's failure measure (count-scim-requests.ts): folded failures count as many.
  // Refusals because DI is off are di.turned-off's, not a spike; the IdP's deactivations are not requests.
  let requests = 0;
  let failed = 0;
  for (const c of await countScimRequests(db, now - FAILURE_SPIKE_WINDOW_MS, now + 1)) {
    if (c.part === "deactivation" || c.diOff) continue;
    requests += c.requests;
    if (c.failed) failed += c.requests;
  }
  if (failed >= FAILURE_SPIKE_MIN_FAILURES && failed >= requests * FAILURE_SPIKE_MIN_SHARE) {
    add({
      event: "scim.failure-spike",
      key: "scim.failure-spike",
      summary: `${failed} of ${requests} SCIM requests failed in the last 15 minutes: check the failed requests in the activity log (a revoked token, a rate limit, a rejected attribute).`,
      details: { failed, requests, windowMinutes: FAILURE_SPIKE_WINDOW_MS / 60_000 },
      link: "/activity?kind=scim&status=failed",
    });
  }

  const sso = await getSsoConnection(db);
  if (sso?.protocol === "saml") {
    for (const pem of sso.samlCertificates) {
      const view = describeCertificate(pem, now);
      if (view.status !== "expiring" && view.status !== "expired") continue;
      add({
        event: "saml.certificate-expiring",
        key: `saml.certificate-expiring:${view.fingerprint256}`,
        summary:
          view.status === "expired"
            ? `The IdP's SAML signing certificate ${view.subject} expired on ${day(view.notAfter)}: add the IdP's current certificate, or single sign-on with it is refused.`
            : `The IdP's SAML signing certificate ${view.subject} expires in ${plural(view.daysLeft, "day")} (${day(view.notAfter)}): add the IdP's next certificate before then.`,
        details: { subject: view.subject, fingerprint256: view.fingerprint256, notAfter: new Date(view.notAfter).toISOString() },
        link: "/security/sso",
      });
    }
  }
  return wanted;
}

/** The events whose conditions this job decides (the others are raised where they happen). */
const JOB_EVENTS: AlertEvent[] = ["token.expiring", "token.unused", "scim.failure-spike", "saml.certificate-expiring"];

export async function checkAlertConditions(db: Db, now: number): Promise<{ raised: number; cleared: number }> {
  const wanted = await currentConditions(db, now);
  const open = await listOpenAlerts(db);
  const diOn = (await getPlan(db))?.diEnabled === true;
  // di.turned-off is raised when DI goes off (set-directory-integration.ts) and ends when DI is on again.
  const over = open.filter((a) => (JOB_EVENTS.includes(a.event) ? !wanted.has(a.key) : a.event === "di.turned-off" && diOn));
  const openKeys = new Set(open.map((a) => a.key));
  const starting = [...wanted.values()].filter((input) => !openKeys.has(input.key));
  if (over.length === 0 && starting.length === 0) return { raised: 0, cleared: 0 };
  // Each alert commits with its deliveries, or not at all.
  return inTransaction(db, async (tx) => {
    let cleared = 0;
    for (const a of over) if (await clearAlert(tx, a.key, now)) cleared++;
    let raised = 0;
    for (const input of starting) if ((await raiseAlert(tx, input, now)) !== null) raised++;
    return { raised, cleared };
  });
}
