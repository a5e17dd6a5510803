import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import type { Session, User } from "@/db/schema";
import { resolvePlanUserSession } from "@/lib/sessions/plan-user-sessions";
import { requestDb } from "@/app/_server/db";
import { env } from "@/server/env";
import { PLAN_SESSION_COOKIE } from "./plan-user-cookie";
import { currentAdmin } from "./require-admin";

export type CurrentPlanUser =
  | { status: "open"; user: User; session: Session; sessionSecret: string }
  /** The cookie's session has ended: deactivated (SCIM or an admin), signed out, expired, idle. */
  | { status: "ended"; reason: string }
  | { status: "none" };

/**
 * The plan user behind the plan-session cookie, looked up on every call, with their row as
 * it is now: a deactivation ends the session (lib/sessions/plan-user-sessions.ts), and a
 * seat change is what the next page or action sees.
 */
export async function currentPlanUser(): Promise<CurrentPlanUser> {
  const secret = (await cookies()).get(PLAN_SESSION_COOKIE)?.value;
  if (!secret) return { status: "none" };
  const db = await requestDb();
  const resolved = await resolvePlanUserSession(db, secret, { now: Date.now(), idleTimeoutMs: env().SESSION_IDLE_MINUTES * 60_000 });
  if (resolved.ok) return { status: "open", user: resolved.user, session: resolved.session, sessionSecret: secret };
  return resolved.reason === "unknown" ? { status: "none" } : { status: "ended", reason: resolved.reason };
}

/**
 * Every workspace page and action (/app) calls this. An ended session goes to the sign-in
 * page saying why (`?ended=deactivated`, …); no session goes there with /app to come back
 * to, except a local admin (password, no plan-user session), who has no workspace and goes
 * to the Admin Center instead of bouncing between the two.
 */
export async function requirePlanUser(): Promise<{ user: User; session: Session; sessionSecret: string; db: Db }> {
  const current = await currentPlanUser();
  if (current.status === "open") return { user: current.user, session: current.session, sessionSecret: current.sessionSecret, db: await requestDb() };
  if (current.status === "ended") redirect(`/sign-in?${new URLSearchParams({ ended: current.reason })}`);
  if ((await currentAdmin())?.via === "password") redirect("/");
  redirect(`/sign-in?${new URLSearchParams({ callbackUrl: "/app" })}`);
}
