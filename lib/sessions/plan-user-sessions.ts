/**
 * Sessions of plan users, opened by a sign-in through the plan's IdP (lib/sso), in the one
 * session store beside the admins' (db/schema.ts `sessions`). Every request of the
 * workspace (/app) and of an IdP-granted System Admin looks the session up here, and the
 * user's row as it is now: deactivation ends the session (docs/product.md §3, "deactivated
 * users can't sign in"), and a seat or role change applies at that very request.
 */
import type { Db } from "@/db/client";
import { users, type Session, type SessionEndReason, type SessionMethod, type User } from "@/db/schema";
import { hashSessionSecret } from "./session-secret";
import { continueSession, openSession, sessionJoin } from "./session-store";

export interface StartPlanUserSessionInput {
  userId: string;
  method: Exclude<SessionMethod, "password">;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** Opens a session and returns the secret for the cookie. Call inside the sign-in transaction. */
export async function startPlanUserSession(db: Db, input: StartPlanUserSessionInput): Promise<string> {
  const { userId, ...rest } = input;
  return openSession(db, { principal: { userId }, ...rest });
}

export type ResolvedPlanUserSession =
  | { ok: true; user: User; session: Session }
  | { ok: false; reason: "unknown" | SessionEndReason };

const withUser = sessionJoin(users, "u");
const RESOLVE_SESSION = `SELECT ${withUser.list} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`;
const END_SESSION = "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id_hash = ? AND ended_at IS NULL";
const END_USER_SESSIONS = "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL";

/** The plan user behind a session secret, if the session is open and the user still active. */
export async function resolvePlanUserSession(
  db: Db,
  secret: string,
  options: { now: number; idleTimeoutMs: number },
): Promise<ResolvedPlanUserSession> {
  const row = (await db.values(RESOLVE_SESSION, hashSessionSecret(secret)))[0];
  if (!row) return { ok: false, reason: "unknown" };
  const { session, principal: user } = withUser.split(row);
  if (session.endedAt !== null) return { ok: false, reason: session.endReason ?? "revoked" };
  const ended = await continueSession(db, session, { ...options, endedBy: user.status !== "active" ? "deactivated" : undefined });
  if (ended) return { ok: false, reason: ended };
  return { ok: true, user, session };
}

/** Ends the session behind a secret (the user signs out). Returns whether an open session was ended. */
export async function endPlanUserSession(db: Db, secret: string, reason: SessionEndReason, now: number): Promise<boolean> {
  return (await db.execute(END_SESSION, now, reason, hashSessionSecret(secret))).changes > 0;
}

/** Ends every open session of a user (deactivation); returns how many. Call inside the caller's transaction. */
export async function endPlanUserSessions(db: Db, userId: string, reason: SessionEndReason, now: number): Promise<number> {
  return (await db.execute(END_USER_SESSIONS, now, reason, userId)).changes;
}
