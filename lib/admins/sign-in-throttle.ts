/**
 * Growing delays for admin sign-in, never a lock (README "Security", issue 11 item 3): a
 * lock on an email let anyone lock out any admin. Failures are counted on three keys:
 *
 * - the account from one address: someone guessing one admin's password from one place;
 * - the client address, over all accounts: someone spraying many emails;
 * - the account from addresses it has never signed in from: many places guessing one
 *   admin's password. This key does not apply to an address the admin signed in from in
 *   the last KNOWN_ADDRESS_DAYS days, so the real admin, from their own address and with the
 *   right password, gets in while the account is under attack from elsewhere.
 *
 * Past a key's free failures each failure makes the next attempt wait twice as long (up to
 * MAX_DELAY_MS). An attempt made while a key waits is refused before the password is
 * checked (no guess is made) and does not lengthen the wait; it folds into the key's one
 * "sign-in.throttled" activity entry (details.count) rather than adding a row each.
 */
import type { Db, EngineSql } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { signInThrottles } from "@/db/schema";

export const THROTTLE_RULES = {
  pair: { free: 3, label: "from this address" },
  address: { free: 20, label: "from this address to any account" },
  account: { free: 10, label: "from addresses this admin has not signed in from" },
} as const;
export type ThrottleRule = keyof typeof THROTTLE_RULES;

/** The first wait; each further failure doubles it. */
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15 * 60_000;
/** Failures are forgotten once a key has had none for this long. */
export const THROTTLE_WINDOW_MS = 60 * 60_000;
export const KNOWN_ADDRESS_DAYS = 30;

export const delayAfter = (rule: ThrottleRule, failures: number): number => {
  const over = failures - THROTTLE_RULES[rule].free;
  return over <= 0 ? 0 : Math.min(BASE_DELAY_MS * 2 ** (over - 1), MAX_DELAY_MS);
};

const waitText = (seconds: number): string => (seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);

const keyOf = (rule: ThrottleRule, emailNorm: string, address: string): string =>
  rule === "pair" ? `pair:${emailNorm} ${address}` : rule === "address" ? `address:${address}` : `account:${emailNorm}`;

export interface ThrottleSubject {
  emailNorm: string;
  clientAddress: string;
  /** The admin with this email, when there is one: their known addresses lift the account key. */
  adminId: string | undefined;
  now: number;
}

type Throttle = typeof signInThrottles.$inferSelect;
const throttles$ = columnsOf(signInThrottles);
const THROTTLE_BY_KEY = `SELECT ${throttles$.list} FROM sign_in_throttles WHERE key = ?`;
const KNOWN_ADDRESS = 'SELECT 1 AS "one" FROM sessions WHERE admin_id = ? AND client_address = ? AND created_at >= ? LIMIT 1';

/** Whether the admin has signed in from this address lately (any session, ended or not). */
async function isKnownAddress(db: Db, adminId: string | undefined, address: string, now: number): Promise<boolean> {
  if (adminId === undefined) return false;
  const since = now - KNOWN_ADDRESS_DAYS * 86_400_000;
  return await db.row(KNOWN_ADDRESS, adminId, address, since) !== undefined;
}

async function rulesFor(db: Db, s: ThrottleSubject): Promise<ThrottleRule[]> {
  return await isKnownAddress(db, s.adminId, s.clientAddress, s.now) ? ["pair", "address"] : ["pair", "address", "account"];
}

export type ThrottleCheck = { waiting: false } | { waiting: true; rule: ThrottleRule; retryAfterSeconds: number };

const COUNT_FAILURE = `INSERT INTO sign_in_throttles (key, failures, last_failure_at, blocked_until, activity_id) VALUES (?, ?, ?, ?, NULL)
  ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
    blocked_until = excluded.blocked_until, activity_id = NULL`;

/**
 * Refuses the attempt when one of its keys is waiting (and folds it into the log), or
 * counts it as a failure in advance: the caller forgives it with `forgiveFailure` once the
 * password matched. Counting first means parallel guesses cannot slip past a delay while
 * scrypt runs. Call inside a transaction.
 */
export async function reserveAttempt(db: Db, s: ThrottleSubject): Promise<ThrottleCheck> {
  const rules = await rulesFor(db, s);
  const keys = rules.map((rule) => keyOf(rule, s.emailNorm, s.clientAddress));
  const rows = new Map(
    (await db
      .rows<Throttle>(`SELECT ${throttles$.list} FROM sign_in_throttles WHERE key IN (${keys.map(() => "?").join(", ")})`, ...keys))
      .map((r) => [r.key, r]),
  );

  let waiting: { rule: ThrottleRule; until: number; activityId: number | null } | undefined;
  for (const [i, rule] of rules.entries()) {
    const row = rows.get(keys[i]!);
    if (row?.blockedUntil != null && row.blockedUntil > s.now && (waiting === undefined || row.blockedUntil > waiting.until)) {
      waiting = { rule, until: row.blockedUntil, activityId: row.activityId };
    }
  }
  if (waiting) {
    await foldRefusal(db, s, waiting);
    return { waiting: true, rule: waiting.rule, retryAfterSeconds: Math.max(1, Math.ceil((waiting.until - s.now) / 1000)) };
  }

  for (const [i, rule] of rules.entries()) {
    const row = rows.get(keys[i]!);
    const failures = (row !== undefined && s.now - row.lastFailureAt < THROTTLE_WINDOW_MS ? row.failures : 0) + 1;
    const delay = delayAfter(rule, failures);
    const blockedUntil = delay > 0 ? s.now + delay : null;
    await db.execute(COUNT_FAILURE, keys[i]!, failures, s.now, blockedUntil);
  }
  return { waiting: false };
}

/**
 * Records the waits this failed attempt started, one entry each, and remembers it on the key
 * so refusals fold into it. Called once the password is known to be wrong.
 */
export async function recordThrottleStarts(db: Db, s: ThrottleSubject): Promise<void> {
  for (const rule of await rulesFor(db, s)) {
    const key = keyOf(rule, s.emailNorm, s.clientAddress);
    const row = await db.row<Throttle>(THROTTLE_BY_KEY, key);
    if (row?.blockedUntil == null || row.blockedUntil <= s.now || row.activityId !== null) continue;
    const seconds = Math.ceil((row.blockedUntil - s.now) / 1000);
    const entryId = await recordThrottled(db, s, `${row.failures} failed sign-ins ${THROTTLE_RULES[rule].label}: the next attempt waits ${waitText(seconds)}`, {
      rule,
      failures: row.failures,
      waitSeconds: seconds,
    });
    await db.execute("UPDATE sign_in_throttles SET activity_id = ? WHERE key = ?", entryId, key);
  }
}

async function foldRefusal(db: Db, s: ThrottleSubject, waiting: { rule: ThrottleRule; until: number; activityId: number | null }): Promise<void> {
  if (waiting.activityId !== null) {
    // details.refused counts the attempts refused during this wait, lastAt the latest.
    const updated = await db.execute(
      FOLD_REFUSAL,
      s.now,
      waiting.activityId,
    );
    if (updated.changes > 0) return;
  }
  const left = waitText(Math.ceil((waiting.until - s.now) / 1000));
  await recordThrottled(db, s, `sign-in refused before the password was checked: ${left} left to wait`, { rule: waiting.rule, refused: 1, lastAt: s.now });
}

// details is JSON text on both engines (db/schema-pg.ts); PostgreSQL edits it as jsonb.
const FOLD_REFUSAL: EngineSql = {
  sqlite: `UPDATE activity SET details = json_set(coalesce(details, '{}'), '$.refused', coalesce(json_extract(details, '$.refused'), 0) + 1, '$.lastAt', ?)
        WHERE id = ?`,
  postgres: `UPDATE activity SET details = CAST(CAST(coalesce(details, '{}') AS jsonb)
        || jsonb_build_object('refused', coalesce(CAST(CAST(details AS jsonb) ->> 'refused' AS bigint), 0) + 1, 'lastAt', CAST(? AS bigint)) AS text)
        WHERE id = ?`,
};

// recordActivity's entry, written here for the id it gets back (RETURNING): a key remembers
// the entry its refusals fold into.
const INSERT_THROTTLED = `INSERT INTO activity (at, kind, actor, action, client_address, reason, details)
  VALUES (?, 'auth', ?, 'sign-in.throttled', ?, ?, ?) RETURNING id`;

/** One "sign-in.throttled" entry, with the subject's address; returns its id. */
async function recordThrottled(db: Db, s: ThrottleSubject, reason: string, details: Record<string, unknown>): Promise<number> {
  return (await db.row<{ id: number }>(INSERT_THROTTLED, s.now, s.emailNorm, s.clientAddress, reason, JSON.stringify(details)))!.id;
}

/**
 * Undoes the advance failure of an attempt whose password matched: the account-from-this-
 * address key is cleared, the others lose the one failure (their waits recomputed).
 */
export async function forgiveFailure(db: Db, s: ThrottleSubject): Promise<void> {
  await db.execute("DELETE FROM sign_in_throttles WHERE key = ?", keyOf("pair", s.emailNorm, s.clientAddress));
  for (const rule of ["address", "account"] as const) {
    const key = keyOf(rule, s.emailNorm, s.clientAddress);
    const row = await db.row<Throttle>(THROTTLE_BY_KEY, key);
    if (!row) continue;
    const failures = Math.max(0, row.failures - 1);
    const delay = delayAfter(rule, failures);
    await db.execute("UPDATE sign_in_throttles SET failures = ?, blocked_until = ? WHERE key = ?", failures, delay > 0 ? row.lastFailureAt + delay : null, key);
  }
}

/** Clears every wait on an account (`admin unlock`, the Admins screen); returns how many keys were cleared. */
export async function clearAccountThrottles(db: Db, emailNorm: string): Promise<number> {
  return (await db.execute(
    "DELETE FROM sign_in_throttles WHERE key = ? OR key LIKE ? ESCAPE '\\'",
    `account:${emailNorm}`,
    `pair:${emailNorm.replace(/[%_\\]/g, "\\$&")} %`,
  )).changes;
}

/** When the account's own wait (from addresses it has not signed in from) ends, if it is waiting. */
export async function accountWaitUntil(db: Db, emailNorm: string, now: number): Promise<number | undefined> {
  const row = await db.row<Throttle>(THROTTLE_BY_KEY, `account:${emailNorm}`);
  return row?.blockedUntil != null && row.blockedUntil > now ? row.blockedUntil : undefined;
}

/** Forgets keys with no failure for the window (the scheduler). */
export async function pruneSignInThrottles(db: Db, now: number): Promise<number> {
  return (await db.execute(
    "DELETE FROM sign_in_throttles WHERE last_failure_at < ? AND (blocked_until IS NULL OR blocked_until < ?)",
    now - THROTTLE_WINDOW_MS,
    now,
  )).changes;
}
