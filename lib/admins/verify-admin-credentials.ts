import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins, signInThrottle } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { MAX_PASSWORD_LENGTH, normalizeAdminEmail } from "./admin-input";
import { toAdminView, type AdminView } from "./admin-view";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, verifyPassword } from "./password";

/** Failures within the window that lock an email (known or not) for LOCK_MS. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export type VerifyAdminResult =
  | { ok: true; admin: AdminView }
  | { ok: false; reason: "invalid" | "locked"; retryAfterSeconds?: number };

/**
 * Compared against when the email is unknown, so an unknown email costs the same scrypt
 * work as a wrong password and the answer time does not tell whether an admin exists.
 */
let decoyHash: string | undefined;
const decoy = (): string => (decoyHash ??= hashPassword("decoy password, never valid", DEFAULT_SCRYPT_PARAMS));

const retryAfter = (lockedUntil: number, now: number): number => Math.max(1, Math.ceil((lockedUntil - now) / 1000));

/**
 * Checks an admin's email and password, throttled per email (also unknown ones): after
 * MAX_FAILURES failures within FAILURE_WINDOW_MS the email is locked for LOCK_MS. Never says
 * whether the email exists. Every attempt is logged (kind "auth"), never the password.
 */
export async function verifyAdminCredentials(
  db: Db,
  email: string,
  password: string,
  now: number,
): Promise<VerifyAdminResult> {
  const emailNorm = normalizeAdminEmail(email).slice(0, 320);
  if (emailNorm === "" || password === "") return { ok: false, reason: "invalid" };

  // The attempt counts as a failure BEFORE the password is checked, and is forgiven on
  // success: parallel guesses cannot slip past the limit while scrypt runs.
  const reserved = db.transaction(() => {
    const row = db.select().from(signInThrottle).where(eq(signInThrottle.emailNorm, emailNorm)).get();
    if (row?.lockedUntil != null && row.lockedUntil > now) {
      recordActivity(db, {
        at: now,
        kind: "auth",
        actor: emailNorm,
        action: "sign-in.locked",
        reason: `sign-in refused: locked until ${new Date(row.lockedUntil).toISOString()}`,
      });
      return { locked: true as const, lockedUntil: row.lockedUntil };
    }
    const inWindow = row !== undefined && now - row.lastFailureAt < FAILURE_WINDOW_MS;
    const failures = (inWindow ? row.failures : 0) + 1;
    const lockedUntil = failures >= MAX_FAILURES ? now + LOCK_MS : null;
    db.insert(signInThrottle)
      .values({ emailNorm, failures, lastFailureAt: now, lockedUntil })
      .onConflictDoUpdate({
        target: signInThrottle.emailNorm,
        set: { failures, lastFailureAt: now, lockedUntil },
      })
      .run();
    return { locked: false as const, lockedUntil };
  });
  if (reserved.locked) {
    return { ok: false, reason: "locked", retryAfterSeconds: retryAfter(reserved.lockedUntil, now) };
  }

  const admin = db.select().from(admins).where(eq(admins.emailNorm, emailNorm)).get();
  // An over-long password cannot match (createAdmin refuses them); still do the work.
  const candidate = password.length > MAX_PASSWORD_LENGTH ? "" : password;
  const matches = await verifyPassword(candidate, admin?.passwordHash ?? decoy());

  if (admin && matches && candidate !== "") {
    db.transaction(() => {
      db.delete(signInThrottle).where(eq(signInThrottle.emailNorm, emailNorm)).run();
      db.update(admins).set({ lastSignInAt: now }).where(eq(admins.id, admin.id)).run();
      recordActivity(db, { at: now, kind: "auth", actor: admin.email, action: "sign-in" });
    });
    return { ok: true, admin: toAdminView({ ...admin, lastSignInAt: now }) };
  }

  recordActivity(db, {
    at: now,
    kind: "auth",
    actor: emailNorm,
    action: "sign-in.failed",
    reason:
      reserved.lockedUntil === null
        ? "wrong email or password"
        : `wrong email or password; ${MAX_FAILURES} failures: locked until ${new Date(reserved.lockedUntil).toISOString()}`,
  });
  if (reserved.lockedUntil !== null) {
    return { ok: false, reason: "locked", retryAfterSeconds: retryAfter(reserved.lockedUntil, now) };
  }
  return { ok: false, reason: "invalid" };
}
