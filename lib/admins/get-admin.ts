import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { admins, type Admin } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { normalizeAdminEmail } from "./admin-input";
import { toAdminView, type AdminView } from "./admin-view";

/** A whole admins row, keyed as Admin; `admins$.map` converts its break-glass flag. */
export const admins$ = columnsOf(admins);
const ADMIN_BY_ID = `SELECT ${admins$.list} FROM admins WHERE id = ?`;
/** The admin signing in with, or named by, this (normalized) email. */
export const ADMIN_BY_EMAIL = `SELECT ${admins$.list} FROM admins WHERE email_norm = ?`;

/** The admin with this id, or undefined when it no longer exists. */
export async function getAdmin(db: Db, id: string): Promise<AdminView | undefined> {
  const row = admins$.mapOptional(await db.row(ADMIN_BY_ID, id));
  return row ? toAdminView(row) : undefined;
}

/** How an operator names an admin (the CLI: the email) or the Admin Center does (the id). */
export type AdminRef = { id: string } | { email: string };

/** The admin a ref names, or AppError("not_found") saying which. */
export async function findAdmin(db: Db, ref: AdminRef): Promise<Admin> {
  const row = admins$.mapOptional(
    "id" in ref ? await db.row(ADMIN_BY_ID, ref.id) : await db.row(ADMIN_BY_EMAIL, normalizeAdminEmail(ref.email)),
  );
  if (row) return row;
  throw new AppError("not_found", "id" in ref ? "That System Admin no longer exists" : `No System Admin has the email ${ref.email}`);
}
