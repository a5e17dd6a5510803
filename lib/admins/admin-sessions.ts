/**
 * Server-side sessions of local (password) admins (README "Security", issue 11 item 1), in
 * the one session store (db/schema.ts `sessions`; plan users' are lib/sessions/plan-user-sessions.ts). The session cookie
 * carries a random secret; the database keeps only its SHA-256, so every request looks the
 * session up and a session ends for good when its row says so: sign-out, a password
 * change, disabling the admin, an operator's revoke, the absolute lifetime or the idle
 * timeout. Re-issuing the cookie (next-auth does on every /api/auth/session call)
 * extends nothing.
 */
import type { Db, SqlParam } from "@/db/client";
import { admins, type Session, type SessionEndReason } from "@/db/schema";
import { hashSessionSecret as hashOf } from "@/lib/sessions/session-secret";
import { continueSession, openSession, sessionJoin } from "@/lib/sessions/session-store";
import { toAdminView, type AdminView } from "./admin-view";

export { SESSION_LIFETIME_MS, TOUCH_INTERVAL_MS } from "@/lib/sessions/session-store";
/** The idle timeout when the operator sets none (SESSION_IDLE_MINUTES). */
export const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;
/** Ended sessions are kept this long (the Admins screen, known addresses), then deleted. */
export const ENDED_SESSION_KEEP_MS = 30 * 86_400_000;

export interface StartSessionInput {
  adminId: string;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** Opens a session and returns the secret for the cookie (shown nowhere else). Call inside the sign-in transaction. */
export async function startAdminSession(db: Db, input: StartSessionInput): Promise<string> {
  const { adminId, ...rest } = input;
  return openSession(db, { principal: { adminId }, method: "password", ...rest });
}

export type ResolvedSession =
  | { ok: true; admin: AdminView; session: Session }
  | { ok: false; reason: "unknown" | SessionEndReason };

export interface ResolveSessionOptions {
  now: number;
  idleTimeoutMs: number;
}

const withAdmin = sessionJoin(admins, "a");
const RESOLVE_SESSION = `SELECT ${withAdmin.list} FROM sessions s JOIN admins a ON a.id = s.admin_id WHERE s.id_hash = ?`;

/** The admin behind a session secret, if the session is still open; ends it when it has just run out. */
export async function resolveAdminSession(db: Db, secret: string, options: ResolveSessionOptions): Promise<ResolvedSession> {
  const row = (await db.values(RESOLVE_SESSION, hashOf(secret)))[0];
  if (!row) return { ok: false, reason: "unknown" };
  const { session, principal: admin } = withAdmin.split(row);
  if (session.endedAt !== null) return { ok: false, reason: session.endReason ?? "revoked" };

  const ended = await continueSession(db, session, { ...options, endedBy: admin.disabledAt !== null ? "disabled" : undefined });
  if (ended) return { ok: false, reason: ended };
  return { ok: true, admin: toAdminView(admin), session };
}

/** Ends the session behind a secret (sign-out). Returns whether an open session was ended. */
export async function endAdminSession(db: Db, secret: string, reason: SessionEndReason, now: number): Promise<boolean> {
  return (await db.execute("UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id_hash = ? AND ended_at IS NULL", now, reason, hashOf(secret))).changes > 0;
}

export interface EndSessionsScope {
  /** Only this admin's sessions; undefined: every admin's. */
  adminId?: string | undefined;
  /** Keep this one open (a password change from the Admin Center keeps the admin signed in). */
  exceptSecret?: string | undefined;
}

/** Ends every open session in scope; returns how many. Call inside the caller's transaction. */
export async function endAdminSessions(db: Db, scope: EndSessionsScope, reason: SessionEndReason, now: number): Promise<number> {
  const where = ["ended_at IS NULL"];
  const params: SqlParam[] = [now, reason];
  if (scope.adminId === undefined) where.push("admin_id IS NOT NULL");
  else {
    where.push("admin_id = ?");
    params.push(scope.adminId);
  }
  if (scope.exceptSecret !== undefined) {
    where.push("id_hash <> ?");
    params.push(hashOf(scope.exceptSecret));
  }
  return (await db.execute(`UPDATE sessions SET ended_at = ?, end_reason = ? WHERE ${where.join(" AND ")}`, ...params)).changes;
}

/** The open sessions per admin (ended, expired and idle ones aside). */
export async function countOpenSessions(db: Db, now: number, idleTimeoutMs: number): Promise<Map<string, number>> {
  const rows = await db.rows<{ adminId: string; n: number }>(
    `SELECT admin_id AS "adminId", count(*) AS "n" FROM sessions
      WHERE admin_id IS NOT NULL AND ended_at IS NULL AND expires_at > ? AND last_seen_at > ?
      GROUP BY admin_id`,
    now,
    now - idleTimeoutMs,
  );
  return new Map(rows.map((r) => [r.adminId, r.n]));
}

/** Deletes sessions (admins' and plan users') ended or run out more than ENDED_SESSION_KEEP_MS ago (the scheduler). */
export async function pruneAdminSessions(db: Db, now: number): Promise<number> {
  const before = now - ENDED_SESSION_KEEP_MS;
  return (await db.execute("DELETE FROM sessions WHERE ended_at < ? OR expires_at < ?", before, before)).changes;
}
