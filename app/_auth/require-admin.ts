import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import { resolveAdminSession } from "@/lib/admins/admin-sessions";
import type { AdminView } from "@/lib/admins/admin-view";
import { countAdmins } from "@/lib/admins/count-admins";
import { requestDb } from "@/app/_server/db";
import { env } from "@/server/env";

export type CurrentSession =
  | { status: "open"; admin: AdminView; sessionSecret: string }
  /** A cookie whose server-side session has ended (signed out, revoked, idle, …). */
  | { status: "ended"; reason: string }
  | { status: "none" };

/**
 * The session behind the request's cookie, looked up server-side on every call: the cookie
 * (next-auth's encrypted JWT) only carries the secret, so a copy of it stops working the
 * moment the session ends.
 */
export async function currentSession(): Promise<CurrentSession> {
  const db = await requestDb();
  // getToken reads only `cookies` and `headers` of the request it is given.
  const request = { cookies: await cookies(), headers: await headers() } as unknown as NextRequest;
  const token = await getToken({ req: request });
  if (!token?.sessionSecret) return token ? { status: "ended", reason: "expired" } : { status: "none" };
  const resolved = resolveAdminSession(db, token.sessionSecret, {
    now: Date.now(),
    idleTimeoutMs: env().SESSION_IDLE_MINUTES * 60_000,
  });
  return resolved.ok
    ? { status: "open", admin: resolved.admin, sessionSecret: token.sessionSecret }
    : { status: "ended", reason: resolved.reason };
}

/** The signed-in System Admin, or undefined (no session, or it has ended). */
export async function currentAdmin(): Promise<AdminView | undefined> {
  const session = await currentSession();
  return session.status === "open" ? session.admin : undefined;
}

/**
 * Every Admin Center layout and server action calls this, behind proxy.ts's redirect
 * (which only checks that a session cookie decrypts). Sends a signed-out visitor to the
 * sign-in page (saying why, when their session ended), or to setup on a fresh install.
 */
export async function requireAdmin(): Promise<AdminView> {
  return (await requireAdminSession()).admin;
}

/** requireAdmin, with the session's secret (for "sign out everywhere else" and a password change, which keep this session). */
export async function requireAdminSession(): Promise<{ admin: AdminView; sessionSecret: string }> {
  const session = await currentSession();
  if (session.status === "open") return session;
  if (countAdmins(await requestDb()) === 0) redirect("/setup");
  redirect(session.status === "ended" ? `/sign-in?${new URLSearchParams({ ended: session.reason })}` : "/sign-in");
}

/**
 * The admin and the database, for Admin Center pages, route handlers and server actions.
 * Pages call it themselves (not only through the layout): Next renders a layout and its
 * page independently, so a layout check alone does not stop a page from running.
 */
export async function adminContext(): Promise<{ admin: AdminView; db: Db; sessionSecret: string }> {
  const { admin, sessionSecret } = await requireAdminSession();
  return { admin, db: await requestDb(), sessionSecret };
}
