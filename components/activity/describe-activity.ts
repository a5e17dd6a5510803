/**
 * How an activity entry reads to a System Admin: a title in words instead of the machine
 * action name, the SCIM status in words, and the token a request used. Pure, so the
 * Activity page and the Overview's recent activity read the same way.
 */
import type { ActivityEntryView } from "./activity-types";

const ACTION_TITLES: Record<string, string> = {
  "seat.provisioned": "Provisioned",
  "seat.changed": "Seat changed",
  "seat.override_pending": "Seat changed by hand (DI will replace it at the next sync)",
  "seat.override_replaced": "Manual seat change replaced by Directory Integration",
  "seat.override_confirmed": "Manual seat change confirmed by the identity provider",
  "seat.reevaluated": "All seats re-evaluated",
  "seat.review_ended": "Provisional review period ended",
  "settings.di": "Directory Integration",
  "settings.scim-support": "SCIM support",
  "settings.auto-upgrade": "Contributor auto-upgrade",
  "settings.uap": "User auto-provisioning (UAP)",
  "settings.provisional-policy": "Provisional Member policy (end of a review period)",
  "settings.review-days": "Review period (days)",
  "settings.plan-name": "Plan name",
  "settings.primary-email": "Plan primary email",
  "settings.domain-added": "Domain added",
  "settings.domain-verified": "Domain validated",
  "settings.domain-removed": "Domain removed",
  "settings.token-created": "SCIM token generated",
  "settings.token-revoked": "SCIM token revoked",
  "settings.group-mapped": "Group mapped to a role",
  "settings.group-unmapped": "Group mapping removed",
  "users.bulk_started": "Bulk action started (every matching user)",
  "users.bulk_finished": "Bulk action finished",
  "users.bulk_failed": "Bulk action stopped by an error",
  "users.bulk_interrupted": "Bulk action interrupted (the server stopped)",
  "user.deactivated": "User deactivated",
  "user.deleted": "User deleted by the identity provider (kept, deactivated)",
  "user.reactivated": "User reactivated",
  "user.reactivation_requested": "Identity provider asks to reactivate",
  "auth.plan_user_refused": "Sign-in refused (deactivated user)",
  "settings.activity-retention-days": "Activity log retention (days)",
  "settings.scim-body-retention-days": "SCIM request bodies kept (days)",
  "settings.sso-saml": "Single sign-on: SAML connection saved",
  "settings.sso-oidc": "Single sign-on: OpenID Connect connection saved",
  "settings.sso-enabled": "Single sign-on turned on or off",
  "settings.sso-idp-initiated": "Single sign-on: IdP-initiated sign-in",
  "settings.sso-clock-skew": "Single sign-on: clock skew allowed",
  "settings.sso-idp-name": "Single sign-on: identity provider's name",
  "settings.require-sso": "Password sign-in: single sign-on required",
  "sso.sign-in": "Signed in through the identity provider",
  "sso.sign-in.refused": "Sign-in through the identity provider refused",
  "sso.refused": "Identity provider's response refused",
  "sso.test": "Single sign-on tested",
  "sheet.created": "Sheet created",
  "admin.break-glass-marked": "System Admin marked break-glass",
  "admin.break-glass-unmarked": "System Admin no longer break-glass",
  "sign-in": "System Admin signed in",
  "sign-in.failed": "System Admin sign-in failed",
  "sign-in.locked": "System Admin sign-in refused (locked)",
  "sign-in.throttled": "System Admin sign-in slowed down (failed attempts)",
  "sign-in.refused": "System Admin sign-in refused",
  "sign-out": "System Admin signed out",
  "admin.created": "System Admin created",
  "admin.disabled": "System Admin disabled",
  "admin.enabled": "System Admin enabled",
  "admin.password-reset": "System Admin's password reset",
  "admin.password-changed": "System Admin changed their password",
  "admin.unlocked": "System Admin's sign-in waits cleared",
  "sessions.revoked": "System Admin sessions ended",
  // Issue 14 §1: the mass-deactivation breaker.
  "breaker.tripped": "Mass-deactivation breaker tripped",
  "breaker.cleared": "Mass-deactivation breaker cleared (every held change decided)",
  "breaker.held": "Identity provider's change held by the breaker",
  "breaker.released": "Held change released (applied)",
  "breaker.discarded": "Held change discarded (identity provider overruled)",
  "breaker.superseded": "Held change taken back by the identity provider",
  "settings.breaker": "Mass-deactivation breaker on or off",
  "settings.breaker-percent": "Mass-deactivation breaker: share of active users",
  "settings.breaker-min-people": "Mass-deactivation breaker: minimum people",
  "settings.breaker-window-minutes": "Mass-deactivation breaker: window",
  // Issue 14 §2: people who were on the plan before SCIM.
  "user.linked": "Linked to the identity provider",
  "adoption.requested": "Identity provider asks to link someone already on the plan (waits for approval)",
  "adoption.refused": "Link to the identity provider refused",
  "settings.adoption": "Adoption of people already on the plan",
  // Issue 14 §4: where alerts are sent.
  "webhook.added": "Webhook endpoint added",
  "webhook.enabled": "Webhook endpoint enabled",
  "webhook.disabled": "Webhook endpoint disabled",
  "webhook.removed": "Webhook endpoint removed",
};

export function activityTitle(entry: Pick<ActivityEntryView, "kind" | "action" | "method">): string {
  if (entry.kind === "scim") return `SCIM ${entry.method ?? entry.action.replace(/^scim\./, "").toUpperCase()}`;
  return ACTION_TITLES[entry.action] ?? entry.action;
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? "Server error" : status >= 400 ? "Client error" : "OK");
}

export const isFailed = (entry: Pick<ActivityEntryView, "status">): boolean => entry.status !== null && entry.status >= 400;

/** The token a SCIM request authenticated with, or why there was none. */
export function tokenLabel(entry: Pick<ActivityEntryView, "kind" | "actor" | "details">): string | null {
  if (entry.kind !== "scim") return null;
  const token = entry.details?.token;
  if (typeof token === "string") return token;
  return "No valid token";
}

/**
 * A row that stands for several identical refused requests (lib/scim/request-log.ts folds a
 * flood from one address into one row): how many, and when the last came. Null for one request.
 */
export function repeatOf(entry: Pick<ActivityEntryView, "details">): { count: number; lastAt: number | null } | null {
  const count = entry.details?.count;
  if (typeof count !== "number" || count < 2) return null;
  const lastAt = entry.details?.lastAt;
  return { count, lastAt: typeof lastAt === "number" ? lastAt : null };
}

/** Sign-in attempts refused while a wait was in force, folded into the entry that started it (lib/admins/sign-in-throttle.ts). */
export function refusedAttemptsOf(entry: Pick<ActivityEntryView, "details">): number | null {
  const refused = entry.details?.refused;
  return typeof refused === "number" && refused > 0 ? refused : null;
}

/** The attributes a SCIM write named that the service does not know, and so ignored. */
export function ignoredAttributesOf(entry: Pick<ActivityEntryView, "details">): string[] {
  const names = entry.details?.ignoredAttributes;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
}

/** What a 401/403 means for the admin, when the row alone does not say it. */
export function failureHint(entry: Pick<ActivityEntryView, "status">): string | null {
  switch (entry.status) {
    case 401:
      return "The identity provider sent a missing, unknown, revoked or expired token. Check the API token in Okta's Provisioning settings.";
    case 403:
      return "Refused while Directory Integration is off; the identity provider retries later.";
    case 429:
      return "Too many requests at once; the identity provider retries.";
    default:
      return null;
  }
}

/** "Member → Contributor", "off → on", or the one side that exists. */
export function changeText(entry: Pick<ActivityEntryView, "fromValue" | "toValue">): string | null {
  const { fromValue, toValue } = entry;
  if (fromValue && toValue) return `${fromValue} → ${toValue}`;
  if (toValue) return `→ ${toValue}`;
  if (fromValue) return `${fromValue} → (none)`;
  return null;
}

/** Who did it, in words: the admin, "Identity provider (token …)", the scheduler. */
export function actorText(entry: Pick<ActivityEntryView, "kind" | "actor" | "details">): string {
  if (entry.kind === "scim") return entry.actor === "unauthenticated" ? "Unauthenticated caller" : "Identity provider";
  if (entry.actor.startsWith("SCIM token ")) return `Identity provider (${entry.actor})`;
  if (entry.actor === "system") return "The product";
  if (entry.actor === "scheduler") return "Scheduled job";
  return entry.actor;
}
