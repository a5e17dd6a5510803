import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins } from "@/db/schema";
import { toAdminView, type AdminView } from "./admin-view";

/** The admin behind a session, or undefined when it no longer exists. */
export function getAdmin(db: Db, id: string): AdminView | undefined {
  const row = db.select().from(admins).where(eq(admins.id, id)).get();
  return row ? toAdminView(row) : undefined;
}
