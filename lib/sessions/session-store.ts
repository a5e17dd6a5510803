/**
 * What every server-side session shares, a local admin's and a plan user's (db/schema.ts
 * `sessions`): the absolute lifetime, the idle timeout, the throttled last-seen write and
 * ending a session for good.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions, type Session, type SessionEndReason, type SessionMethod } from "@/db/schema";
import { hashSessionSecret, newSessionSecret, SESSION_LIFETIME_MS } from "./session-secret";

export { SESSION_LIFETIME_MS } from "./session-secret";

export interface OpenSessionInput {
  /** Whose session: a local admin's or a plan user's (exactly one, as the table's CHECK says). */
  principal: { adminId: string } | { userId: string };
  method: SessionMethod;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** Opens a session and returns the secret for the cookie (shown nowhere else). Call inside the sign-in transaction. */
export function openSession(db: Db, input: OpenSessionInput): string {
  const secret = newSessionSecret();
  db.insert(sessions)
    .values({
      idHash: hashSessionSecret(secret),
      ...input.principal,
      method: input.method,
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: input.now + SESSION_LIFETIME_MS,
      clientAddress: input.clientAddress ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    })
    .run();
  return secret;
}
/** last_seen_at is written at most this often: a page's burst of requests need not write each time. */
export const TOUCH_INTERVAL_MS = 60_000;

/**
 * Decides whether an open session row may go on: ends it (and says why) when its principal
 * may no longer be signed in (`endedBy`, e.g. the admin was disabled), its lifetime is over
 * or it sat idle too long; otherwise notes that it was seen.
 */
export function continueSession(
  db: Db,
  session: Session,
  options: { now: number; idleTimeoutMs: number; endedBy?: SessionEndReason | undefined },
): SessionEndReason | undefined {
  const { now } = options;
  const ended: SessionEndReason | undefined =
    options.endedBy ?? (now >= session.expiresAt ? "expired" : now - session.lastSeenAt >= options.idleTimeoutMs ? "idle" : undefined);
  if (ended) {
    db.update(sessions).set({ endedAt: now, endReason: ended }).where(eq(sessions.idHash, session.idHash)).run();
    return ended;
  }
  if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, session.idHash)).run();
  }
  return undefined;
}
