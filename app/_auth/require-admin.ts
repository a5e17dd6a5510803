import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import type { SessionMethod, User } from "@/db/schema";
import { resolveAdminSession } from "@/lib/admins/admin-sessions";
import type { AdminView } from "@/lib/admins/admin-view";
import { countAdmins } from "@/lib/admins/count-admins";
import { hasSystemAdminRights } from "@/lib/directory/has-system-admin-rights";
import { resolvePlanUserSession } from "@/lib/sessions/plan-user-sessions";
import { getSsoConnection } from "@/lib/sso/get-sso-connection";
import { planUserName } from "@/lib/workspace/get-workspace";
import { requestDb } from "@/app/_server/db";
import { env } from "@/server/env";
import { PLAN_SESSION_COOKIE } from "./plan-user-cookie";

/**
 * The System Admin behind a request: a local admin (password, next-auth's cookie) or a plan
 * user whose roles in the IdP give System Admin rights at this request (the plan-session
 * cookie). `via` says which, for the header and for what only local admins have (their
 * password). For an IdP admin `id` is the plan user's id.
 */
export type SignedInAdmin = AdminView & {
  via: SessionMethod;
  /** The IdP an IdP admin signed in through (sso_connection.idp_name); null for local admins. */
  idpName: string | null;
};

export type CurrentSession =
  | { status: "open"; admin: SignedInAdmin; sessionSecret: string }
  /** A cookie whose server-side session has ended (signed out, revoked, idle, …), or an IdP admin without rights now ("no-admin-rights"). */
  | { status: "ended"; reason: string }
  | { status: "none" };

const idleTimeoutMs = (): number => env().SESSION_IDLE_MINUTES * 60_000;

async function idpAdmin(db: Db, user: User, via: SessionMethod): Promise<SignedInAdmin> {
  return {
    id: user.id,
    email: user.email ?? user.userName,
    name: planUserName(user),
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
    lastSignInAddress: null,
    disabledAt: null,
    breakGlass: false,
    via,
    idpName: (await getSsoConnection(db))?.idpName ?? null,
  };
}

/**
 * The session behind the request's cookies, looked up server-side on every call: each
 * cookie only carries a secret, so a copy stops working the moment the session ends. A
 * local admin's next-auth cookie counts first; else a plan user's session opens the Admin
 * Center only while their roles (direct, or a mapped group) give System Admin rights now,
 * so a SCIM write that removes the role, or a deactivation, ends that access at the next
 * request while the plan-user session itself stays open for /app.
 */
export async function currentSession(): Promise<CurrentSession> {
  const db = await requestDb();
  const jar = await cookies();
  // getToken reads only `cookies` and `headers` of the request it is given.
  const request = { cookies: jar, headers: await headers() } as unknown as NextRequest;
  const token = await getToken({ req: request });
  let local: CurrentSession = { status: "none" };
  if (token) {
    if (!token.sessionSecret) local = { status: "ended", reason: "expired" };
    else {
      const resolved = await resolveAdminSession(db, token.sessionSecret, { now: Date.now(), idleTimeoutMs: idleTimeoutMs() });
      if (resolved.ok) return { status: "open", admin: { ...resolved.admin, via: "password", idpName: null }, sessionSecret: token.sessionSecret };
      local = { status: "ended", reason: resolved.reason };
    }
  }

  const planSecret = jar.get(PLAN_SESSION_COOKIE)?.value;
  if (planSecret) {
    const resolved = await resolvePlanUserSession(db, planSecret, { now: Date.now(), idleTimeoutMs: idleTimeoutMs() });
    if (resolved.ok) {
      if (await hasSystemAdminRights(db, resolved.user)) {
        return { status: "open", admin: await idpAdmin(db, resolved.user, resolved.session.method), sessionSecret: planSecret };
      }
      return local.status === "ended" ? local : { status: "ended", reason: "no-admin-rights" };
    }
    if (local.status === "none" && resolved.reason !== "unknown") return { status: "ended", reason: resolved.reason };
  }
  return local;
}

/** The signed-in System Admin, or undefined (no session, it has ended, or no System Admin rights now). */
export async function currentAdmin(): Promise<SignedInAdmin | undefined> {
  const session = await currentSession();
  return session.status === "open" ? session.admin : undefined;
}

/**
 * Every Admin Center layout and server action calls this, behind proxy.ts's redirect
 * (which only checks that a session cookie is there). Sends a signed-out visitor to the
 * sign-in page (saying why, when their session ended), or to setup on a fresh install.
 */
export async function requireAdmin(): Promise<SignedInAdmin> {
  return (await requireAdminSession()).admin;
}

/** requireAdmin, with the session's secret (for "sign out everywhere else" and a password change, which keep this session). */
export async function requireAdminSession(): Promise<{ admin: SignedInAdmin; sessionSecret: string }> {
  const session = await currentSession();
  if (session.status === "open") return session;
  if (await countAdmins(await requestDb()) === 0) redirect("/setup");
  redirect(session.status === "ended" ? `/sign-in?${new URLSearchParams({ ended: session.reason })}` : "/sign-in");
}

/**
 * The admin and the database, for Admin Center pages, route handlers and server actions.
 * Pages call it themselves (not only through the layout): Next renders a layout and its
 * page independently, so a layout check alone does not stop a page from running.
 */
export async function adminContext(): Promise<{ admin: SignedInAdmin; db: Db; sessionSecret: string }> {
  const { admin, sessionSecret } = await requireAdminSession();
  return { admin, db: await requestDb(), sessionSecret };
}

/** How the header says the admin signed in. */
export function signedInWith(admin: Pick<SignedInAdmin, "via" | "idpName">): string {
  if (admin.via === "password") return "Signed in with a password (local admin)";
  return `Signed in through ${admin.idpName ?? "your identity provider"} (${admin.via === "saml" ? "SAML" : "OpenID Connect"})`;
}
