/**
 * What the SSO route handlers (app/sso/*) share: reading a bounded form body, the client's
 * address, the hop to the IdP, and turning a flow's outcome (lib/sso) into the browser's
 * next page and cookies. No rule lives here.
 */
import { cookies, headers } from "next/headers";
import { sameOriginPath } from "@/app/_auth/callback-url";
import { PLAN_SESSION_COOKIE, planSessionCookieOptions } from "@/app/_auth/plan-user-cookie";
import type { SsoOutcome } from "@/lib/sso/complete-sso-sign-in";
import { SP_PATHS } from "@/lib/sso/sp-values";
import { SSO_REQUEST_LIFETIME_MS } from "@/lib/sso/sso-requests";
import { CLIENT_ADDRESS_HEADER } from "@/server/client-address";

/** Okta's and Entra's signed responses are a few KB (a large group list: tens of KB). */
export const MAX_FORM_BYTES = 256 * 1024;

/** The OIDC state cookie: binds the callback to the browser that started the sign-in. */
export const OIDC_STATE_COOKIE = "admin-center.sso-state";

/**
 * The SAML AuthnRequest IDs this browser started (a few: sign-ins in several tabs), for the
 * ACS to tell its own answers from a response someone else obtained and made this browser
 * post (login CSRF). SameSite=None, because the IdP's post is cross-site; browsers take
 * such a cookie only when Secure, so the binding is in force on https origins only.
 */
export const SAML_REQUESTS_COOKIE = "admin-center.saml-requests";
const MAX_BOUND_REQUESTS = 5;

const bindsBrowser = (origin: string): boolean => origin.startsWith("https:");

/** After starting a sign-in or test: the hop's cookies (OIDC state, SAML request binding). */
export async function setFlowCookies(started: { oidcState: string | null; samlRequestId: string | null }, origin: string): Promise<void> {
  const jar = await cookies();
  if (started.oidcState) {
    jar.set(OIDC_STATE_COOKIE, started.oidcState, { ...planSessionCookieOptions(), path: SP_PATHS.oidcCallback, maxAge: SSO_REQUEST_LIFETIME_MS / 1000 });
  }
  if (started.samlRequestId && bindsBrowser(origin)) {
    const earlier = (jar.get(SAML_REQUESTS_COOKIE)?.value ?? "").split(".").filter(Boolean);
    jar.set(SAML_REQUESTS_COOKIE, [...earlier, started.samlRequestId].slice(-MAX_BOUND_REQUESTS).join("."), {
      httpOnly: true,
      secure: true,
      sameSite: "none",
      path: SP_PATHS.acs,
      maxAge: SSO_REQUEST_LIFETIME_MS / 1000,
    });
  }
}

/** The SAML requests this browser started, or null where the binding is not in force (http). */
export async function boundSamlRequests(origin: string): Promise<string[] | null> {
  if (!bindsBrowser(origin)) return null;
  return ((await cookies()).get(SAML_REQUESTS_COOKIE)?.value ?? "").split(".").filter(Boolean);
}

export async function clientInfo(): Promise<{ clientAddress: string; userAgent: string | undefined }> {
  const h = await headers();
  return { clientAddress: h.get(CLIENT_ADDRESS_HEADER) ?? "unknown", userAgent: h.get("user-agent") ?? undefined };
}

/** A form body, or null when it is too large or not a form (the caller answers as it would to garbage). */
export async function readForm(request: Request): Promise<FormData | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return null;
  try {
    const body = await request.arrayBuffer();
    if (body.byteLength > MAX_FORM_BYTES) return null;
    return await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    return null;
  }
}

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}

const escapeHtml = (value: string): string =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * The hop to the IdP after the sign-in form's post. Not a 303: the pages' CSP says
 * `form-action 'self'`, and Chromium applies it to every redirect that follows a form
 * submission, so a redirect to the IdP would be blocked. A page that moves on by itself
 * (meta refresh, no script) is a new navigation, which form-action does not govern.
 */
export function continueToIdp(redirectUrl: string, idpName: string): Response {
  const url = escapeHtml(redirectUrl);
  const name = escapeHtml(idpName);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url}"><meta name="referrer" content="no-referrer"><title>Signing in with ${name}</title></head><body style="font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#0f172a"><p>Taking you to ${name} to sign in…</p><p><a href="${url}">Continue to ${name}</a></p></body></html>`;
  return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The browser's next page after the IdP answered, with the session cookie on a sign-in. */
export async function outcomeResponse(outcome: SsoOutcome, origin: string): Promise<Response> {
  switch (outcome.kind) {
    case "signed-in": {
      const jar = await cookies();
      jar.set(PLAN_SESSION_COOKIE, outcome.sessionSecret, planSessionCookieOptions());
      const target = sameOriginPath(outcome.returnTo, origin);
      // A RelayState of "/" or a sign-in page would only bounce: the workspace is home.
      return seeOther(target === "/" || target.startsWith(SP_PATHS.signIn) ? "/app" : target);
    }
    case "refused":
      return seeOther(refusedPath(outcome.reason, outcome.email));
    case "tested":
      return seeOther(`/security/sso/test-result?${new URLSearchParams({ id: String(outcome.activityId) })}`);
  }
}

export function refusedPath(reason: string, email?: string | null): string {
  return `/sso/refused?${new URLSearchParams({ reason, ...(email ? { email } : {}) })}`;
}
