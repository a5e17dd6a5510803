import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { adminPasswordSchema, normalizeAdminEmail } from "./admin-input";
import { endAdminSessions } from "./admin-sessions";
import { findAdmin, type AdminRef } from "./get-admin";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, verifyPassword, type ScryptParams } from "./password";
import { clearAccountThrottles } from "./sign-in-throttle";

export interface ResetAdminPasswordInput {
  admin: AdminRef;
  password: string;
  actor: string;
  now: number;
  /**
   * An admin changing their own password: it must match first, and their current session
   * (this secret) stays open while every other one ends.
   */
  own?: { currentPassword: string; sessionSecret: string } | undefined;
}

/**
 * Sets an admin's password (`admin reset-password`, the Admins screen) and ends their
 * sessions: whoever had the old password, or a copied session cookie, is out. Clears the
 * account's sign-in waits, so the admin can sign in with the new password at once.
 */
export async function resetAdminPassword(
  db: Db,
  input: ResetAdminPasswordInput,
  { passwordCost = DEFAULT_SCRYPT_PARAMS }: { passwordCost?: ScryptParams } = {},
): Promise<{ sessionsEnded: number }> {
  const password = parseInput(adminPasswordSchema, input.password);
  const admin = await findAdmin(db, input.admin);
  if (input.own && !(await verifyPassword(input.own.currentPassword, admin.passwordHash))) {
    throw new AppError("invalid", "The current password is wrong", { fields: { currentPassword: ["the current password is wrong"] } });
  }
  // Hash outside the transaction so the write lock is not held during scrypt.
  const passwordHash = hashPassword(password, passwordCost);
  return inTransaction(db, async (tx) => {
    await tx.execute("UPDATE admins SET password_hash = ?, password_changed_at = ? WHERE id = ?", passwordHash, input.now, admin.id);
    const sessionsEnded = await endAdminSessions(tx, { adminId: admin.id, exceptSecret: input.own?.sessionSecret }, "password-changed", input.now);
    await clearAccountThrottles(tx, normalizeAdminEmail(admin.email));
    await recordActivity(tx, {
      at: input.now,
      kind: "auth",
      actor: input.actor,
      action: input.own ? "admin.password-changed" : "admin.password-reset",
      toValue: admin.email,
      ...(sessionsEnded > 0 ? { reason: `${sessionsEnded} other session${sessionsEnded === 1 ? "" : "s"} ended` } : {}),
    });
    return { sessionsEnded };
  });
}
