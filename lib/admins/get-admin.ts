import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins, type Admin } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { normalizeAdminEmail } from "./admin-input";
import { toAdminView, type AdminView } from "./admin-view";

/** The admin with this id, or undefined when it no longer exists. */
export function getAdmin(db: Db, id: string): AdminView | undefined {
  const row = db.select().from(admins).where(eq(admins.id, id)).get();
  return row ? toAdminView(row) : undefined;
}

/** How an operator names an admin (the CLI: the email) or the Admin Center does (the id). */
export type AdminRef = { id: string } | { email: string };

/** The admin a ref names, or AppError("not_found") saying which. */
export function findAdmin(db: Db, ref: AdminRef): Admin {
  const row =
    "id" in ref
      ? db.select().from(admins).where(eq(admins.id, ref.id)).get()
      : db.select().from(admins).where(eq(admins.emailNorm, normalizeAdminEmail(ref.email))).get();
  if (row) return row;
  throw new AppError("not_found", "id" in ref ? "That System Admin no longer exists" : `No System Admin has the email ${ref.email}`);
}
