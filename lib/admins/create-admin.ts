import { inTransaction, type Db } from "@/db/client";
import type { Admin } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { parseInput } from "@/lib/parse-input";
import { createAdminInputSchema, normalizeAdminEmail } from "./admin-input";
import { admins$ } from "./get-admin";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from "./password";

const ADMIN_EXISTS = "SELECT id FROM admins WHERE email_norm = ?";
const INSERT_ADMIN = `INSERT INTO admins (id, email, email_norm, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
  RETURNING ${admins$.list}`;

export interface CreateAdminOptions {
  /**
   * scrypt cost of the new password hash; the stored hash records it, so sign-in needs
   * nothing. Only tests pass a cheaper one: production hashes keep the default.
   */
  passwordCost?: ScryptParams;
}

/**
 * Creates a System Admin who can sign in to the Admin Center. Used by `admin create` and
 * the first-run setup. Emails are unique case-insensitively. The returned row holds the
 * password hash: show it through `toAdminView`, never as is.
 */
export async function createAdmin(
  db: Db,
  input: { email: string; password: string; name?: string },
  actor: string,
  { passwordCost = DEFAULT_SCRYPT_PARAMS }: CreateAdminOptions = {},
): Promise<Admin> {
  const { email, password, name } = parseInput(createAdminInputSchema, input);
  const emailNorm = normalizeAdminEmail(email);
  const exists = async (handle: Db) => await handle.row(ADMIN_EXISTS, emailNorm) !== undefined;
  const conflict = () => new AppError("conflict", `An admin with the email ${email} already exists`);
  // Fail fast before spending ~0.1–0.4 s on scrypt; checked again inside the transaction.
  if (await exists(db)) throw conflict();
  // Hash outside the transaction so the write lock is not held during scrypt.
  const passwordHash = hashPassword(password, passwordCost);
  return inTransaction(db, async (tx) => {
    if (await exists(tx)) throw conflict();
    const now = Date.now();
    const row = admins$.map(
      (await tx.row(INSERT_ADMIN, newId(), email, emailNorm, name ?? email.slice(0, email.indexOf("@")), passwordHash, now))!,
    );
    await recordActivity(tx, { at: now, kind: "auth", actor, action: "admin.created", toValue: email });
    return row;
  });
}
