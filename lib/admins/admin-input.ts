import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 12;
/** Bounds the work one sign-in attempt can ask of scrypt. */
export const MAX_PASSWORD_LENGTH = 1024;

export const adminEmailSchema = z
  .string({ error: "the email is required" })
  .trim()
  .max(320, "the email must be at most 320 characters")
  .pipe(z.email("the email must be an email address, e.g. admin@example.com"));

export const adminPasswordSchema = z
  .string({ error: "the password is required" })
  .min(MIN_PASSWORD_LENGTH, `the password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `the password must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const adminNameSchema = z
  .string()
  .trim()
  .min(1, "the name must not be empty")
  .max(200, "the name must be at most 200 characters");

export const createAdminInputSchema = z.object({
  email: adminEmailSchema,
  password: adminPasswordSchema,
  name: adminNameSchema.optional(),
});

export type CreateAdminInput = z.input<typeof createAdminInputSchema>;

/** Lower-cased: admin emails are unique and signed in with case-insensitively. */
export const normalizeAdminEmail = (email: string): string => email.trim().toLowerCase();
