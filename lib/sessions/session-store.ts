/**
 * What every server-side session shares, a local admin's and a plan user's (db/schema.ts
 * `sessions`): the absolute lifetime, the idle timeout, the throttled last-seen write and
 * ending a session for good.
 */
import { getTableColumns, type InferSelectModel, type Table } from "drizzle-orm";
import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
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

const INSERT_SESSION = `INSERT INTO sessions (id_hash, admin_id, user_id, method, created_at, last_seen_at, expires_at, client_address, user_agent)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Opens a session and returns the secret for the cookie (shown nowhere else). Call inside the sign-in transaction. */
export async function openSession(db: Db, input: OpenSessionInput): Promise<string> {
  const secret = newSessionSecret();
  const { principal } = input;
  await db.execute(
    INSERT_SESSION,
    hashSessionSecret(secret),
    "adminId" in principal ? principal.adminId : null,
    "userId" in principal ? principal.userId : null,
    input.method,
    input.now,
    input.now,
    input.now + SESSION_LIFETIME_MS,
    input.clientAddress ?? null,
    input.userAgent?.slice(0, 512) ?? null,
  );
  return secret;
}

/** last_seen_at is written at most this often: a page's burst of requests need not write each time. */
export const TOUCH_INTERVAL_MS = 60_000;

const END_SESSION = "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id_hash = ?";
const TOUCH_SESSION = "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?";

/**
 * Decides whether an open session row may go on: ends it (and says why) when its principal
 * may no longer be signed in (`endedBy`, e.g. the admin was disabled), its lifetime is over
 * or it sat idle too long; otherwise notes that it was seen.
 */
export async function continueSession(
  db: Db,
  session: Session,
  options: { now: number; idleTimeoutMs: number; endedBy?: SessionEndReason | undefined },
): Promise<SessionEndReason | undefined> {
  const { now } = options;
  const ended: SessionEndReason | undefined =
    options.endedBy ?? (now >= session.expiresAt ? "expired" : now - session.lastSeenAt >= options.idleTimeoutMs ? "idle" : undefined);
  if (ended) {
    await db.execute(END_SESSION, now, ended, session.idHash);
    return ended;
  }
  if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
    await db.execute(TOUCH_SESSION, now, session.idHash);
  }
  return undefined;
}

const keysOf = (table: Table): string[] => Object.keys(getTableColumns(table));
const sessions$ = columnsOf(sessions, "s");
const SESSION_KEYS = keysOf(sessions);

function objectOf(keys: readonly string[], row: readonly unknown[], offset: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = row[offset + i];
  return out;
}

export interface SessionJoin<T extends Table> {
  /** The select list: the session's columns (table alias `s`), then the principal's. */
  readonly list: string;
  /** A row of that list, read with `db.values`, as the session and its principal. */
  split(row: readonly unknown[]): { session: Session; principal: InferSelectModel<T> };
}

/**
 * A session joined with its principal's row (admins, users), in one statement. Read as an
 * array: both tables have columns of the same name (id, created_at), which one row object
 * keyed by column name could not hold apart. The keys follow columnsOf's order (the table's columns).
 */
export function sessionJoin<T extends Table>(principal: T, prefix: string): SessionJoin<T> {
  const principal$ = columnsOf(principal, prefix);
  const principalKeys = keysOf(principal);
  return {
    list: `${sessions$.list}, ${principal$.list}`,
    split: (row) => ({
      session: sessions$.map(objectOf(SESSION_KEYS, row, 0)),
      principal: principal$.map(objectOf(principalKeys, row, SESSION_KEYS.length)),
    }),
  };
}
