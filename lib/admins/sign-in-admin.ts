import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { MAX_PASSWORD_LENGTH, normalizeAdminEmail } from "./admin-input";
import { startAdminSession } from "./admin-sessions";
import { toAdminView, type AdminView } from "./admin-view";
import { ADMIN_BY_EMAIL, admins$ } from "./get-admin";
import { getPasswordSignIn } from "./get-password-sign-in";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, verifyPassword } from "./password";
import { forgiveFailure, recordThrottleStarts, reserveAttempt, type ThrottleRule, type ThrottleSubject } from "./sign-in-throttle";

export interface SignInAdminInput {
  email: string;
  password: string;
  /** Where the attempt came from (server/http-server.ts): the throttle's key and the log's. */
  clientAddress: string;
  userAgent?: string | undefined;
  now: number;
}

export type SignInAdminResult =
  | { ok: true; admin: AdminView; sessionSecret: string }
  | { ok: false; reason: "invalid" | "disabled" }
  /** The right password of an admin who is not break-glass while the plan requires single sign-on. */
  | { ok: false; reason: "sso-required"; idpName: string | null }
  | { ok: false; reason: "throttled"; rule: ThrottleRule; retryAfterSeconds: number };

/**
 * Compared against when the email is unknown, so an unknown email costs the same scrypt
 * work as a wrong password and the answer time does not tell whether an admin exists.
 */
let decoyHash: string | undefined;
const decoy = (): string => (decoyHash ??= hashPassword("decoy password, never valid", DEFAULT_SCRYPT_PARAMS));

/**
 * Signs a System Admin in with email and password and opens a server-side session
 * (admin-sessions.ts), throttled by growing delays (sign-in-throttle.ts). Never says whether
 * the email exists: an unknown email is throttled and answered like a wrong password. Every
 * attempt is in the activity log (kind "auth") with the client address, never the password.
 */
export async function signInAdmin(db: Db, input: SignInAdminInput): Promise<SignInAdminResult> {
  const { password, clientAddress, now } = input;
  const emailNorm = normalizeAdminEmail(input.email).slice(0, 320);
  if (emailNorm === "" || password === "") return { ok: false, reason: "invalid" };

  const admin = admins$.mapOptional(await db.row(ADMIN_BY_EMAIL, emailNorm));
  const subject: ThrottleSubject = { emailNorm, clientAddress, adminId: admin?.id, now };
  const check = await inTransaction(db, async (tx) => reserveAttempt(tx, subject));
  if (check.waiting) return { ok: false, reason: "throttled", rule: check.rule, retryAfterSeconds: check.retryAfterSeconds };

  // An over-long password cannot match (createAdmin refuses them); still do the work.
  const candidate = password.length > MAX_PASSWORD_LENGTH ? "" : password;
  const matches = (await verifyPassword(candidate, admin?.passwordHash ?? decoy())) && candidate !== "";

  if (admin && matches && admin.disabledAt !== null) {
    await inTransaction(db, async (tx) => {
      await forgiveFailure(tx, subject);
      await recordActivity(tx, { at: now, kind: "auth", actor: admin.email, action: "sign-in.refused", clientAddress, reason: "the admin is disabled" });
    });
    return { ok: false, reason: "disabled" };
  }
  if (admin && matches && !admin.breakGlass) {
    const policy = await getPasswordSignIn(db);
    if (policy.requireSso) {
      const idpName = policy.connection?.idpName ?? null;
      await inTransaction(db, async (tx) => {
        await forgiveFailure(tx, subject);
        await recordActivity(tx, {
          at: now,
          kind: "auth",
          actor: admin.email,
          action: "sign-in.refused",
          clientAddress,
          reason: `single sign-on is required: only break-glass admins sign in with a password${idpName ? `; sign in through ${idpName}` : ""}`,
        });
      });
      return { ok: false, reason: "sso-required", idpName };
    }
  }
  if (admin && matches) {
    const sessionSecret = await inTransaction(db, async (tx) => {
      await forgiveFailure(tx, subject);
      await tx.execute("UPDATE admins SET last_sign_in_at = ?, last_sign_in_address = ? WHERE id = ?", now, clientAddress, admin.id);
      await recordActivity(tx, { at: now, kind: "auth", actor: admin.email, action: "sign-in", clientAddress });
      return startAdminSession(tx, { adminId: admin.id, now, clientAddress, userAgent: input.userAgent });
    });
    return { ok: true, admin: toAdminView({ ...admin, lastSignInAt: now, lastSignInAddress: clientAddress }), sessionSecret };
  }

  await inTransaction(db, async (tx) => {
    await recordActivity(tx, { at: now, kind: "auth", actor: emailNorm, action: "sign-in.failed", clientAddress, reason: "wrong email or password" });
    await recordThrottleStarts(tx, subject);
  });
  return { ok: false, reason: "invalid" };
}
