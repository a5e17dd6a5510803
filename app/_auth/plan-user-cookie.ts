/**
 * The cookie of a plan user's session (opened by a sign-in through the IdP: app/sso/*):
 * only the random secret of a server-side session (lib/sessions/plan-user-sessions.ts), so
 * it opens nothing once the session has ended. SameSite=Lax: it must come along on the
 * top-level navigation back from the IdP, never on another site's subrequests or posts.
 * Local admins keep next-auth's cookie (app/_auth/auth-options.ts).
 */
import { SESSION_LIFETIME_MS } from "@/lib/sessions/session-secret";
import { env } from "@/server/env";

export const PLAN_SESSION_COOKIE = "admin-center.session";

export interface CookieOptions {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
  maxAge: number;
}

/** Options for `cookies().set(PLAN_SESSION_COOKIE, secret, …)` / `response.cookies.set`. */
export function planSessionCookieOptions(): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env().PUBLIC_URL?.startsWith("https:") ?? false,
    maxAge: SESSION_LIFETIME_MS / 1000,
  };
}
