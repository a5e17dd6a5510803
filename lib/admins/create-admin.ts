import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins, type Admin } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { parseInput } from "@/lib/parse-input";
import { createAdminInputSchema, normalizeAdminEmail } from "./admin-input";
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from "./password";

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
export function createAdmin(
  db: Db,
  input: { email: string; password: string; name?: string },
  actor: string,
  { passwordCost = DEFAULT_SCRYPT_PARAMS }: CreateAdminOptions = {},
): Admin {
  const { email, password, name } = parseInput(createAdminInputSchema, input);
  const emailNorm = normalizeAdminEmail(email);
  const exists = () =>
    db.select({ id: admins.id }).from(admins).where(eq(admins.emailNorm, emailNorm)).get() !== undefined;
  const conflict = () => new AppError("conflict", `An admin with the email ${email} already exists`);
  // Fail fast before spending ~0.1–0.4 s on scrypt; checked again inside the transaction.
  if (exists()) throw conflict();
  // Hash outside the transaction so the write lock is not held during scrypt.
  const passwordHash = hashPassword(password, passwordCost);
  return db.transaction(() => {
    if (exists()) throw conflict();
    const now = Date.now();
    const row = db
      .insert(admins)
      .values({
        id: newId(),
        email,
        emailNorm,
        name: name ?? email.slice(0, email.indexOf("@")),
        passwordHash,
        createdAt: now,
      })
      .returning()
      .get();
    recordActivity(db, { at: now, kind: "auth", actor, action: "admin.created", toValue: email });
    return row;
  });
}
