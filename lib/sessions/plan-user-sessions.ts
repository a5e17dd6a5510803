/**
 * Sessions of plan users, opened by a sign-in through the plan's IdP (lib/sso), in the one
 * session store beside the admins' (db/schema.ts `sessions`). Every request of the
 * workspace (/app) and of an IdP-granted System Admin looks the session up here, and the
 * user's row as it is now: deactivation ends the session (docs/product.md §3, "deactivated
 * users can't sign in"), and a seat or role change applies at that very request.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions, users, type Session, type SessionEndReason, type SessionMethod, type User } from "@/db/schema";
import { hashSessionSecret } from "./session-secret";
import { continueSession, openSession } from "./session-store";

export interface StartPlanUserSessionInput {
  userId: string;
  method: Exclude<SessionMethod, "password">;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** Opens a session and returns the secret for the cookie. Call inside the sign-in transaction. */
export function startPlanUserSession(db: Db, input: StartPlanUserSessionInput): string {
  const { userId, ...rest } = input;
  return openSession(db, { principal: { userId }, ...rest });
}

export type ResolvedPlanUserSession =
  | { ok: true; user: User; session: Session }
  | { ok: false; reason: "unknown" | SessionEndReason };

/** The plan user behind a session secret, if the session is open and the user still active. */
export function resolvePlanUserSession(
  db: Db,
  secret: string,
  options: { now: number; idleTimeoutMs: number },
): ResolvedPlanUserSession {
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, hashSessionSecret(secret)))
    .get();
  if (!row) return { ok: false, reason: "unknown" };
  const { session, user } = row;
  if (session.endedAt !== null) return { ok: false, reason: session.endReason ?? "revoked" };
  const ended = continueSession(db, session, { ...options, endedBy: user.status !== "active" ? "deactivated" : undefined });
  if (ended) return { ok: false, reason: ended };
  return { ok: true, user, session };
}

/** Ends the session behind a secret (the user signs out). Returns whether an open session was ended. */
export function endPlanUserSession(db: Db, secret: string, reason: SessionEndReason, now: number): boolean {
  return (
    db
      .update(sessions)
      .set({ endedAt: now, endReason: reason })
      .where(and(eq(sessions.idHash, hashSessionSecret(secret)), isNull(sessions.endedAt)))
      .run().changes > 0
  );
}

/** Ends every open session of a user (deactivation); returns how many. Call inside the caller's transaction. */
export function endPlanUserSessions(db: Db, userId: string, reason: SessionEndReason, now: number): number {
  return db
    .update(sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
    .run().changes;
}
