import { asc, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins } from "@/db/schema";

export interface AdminContact {
  name: string;
  email: string;
}

/**
 * Whom a plan user should ask (a refused sign-in, a Member-only action refused while
 * auto-upgrade is off): the plan's enabled System Admins, by name and email. Capped: a page
 * names a few people, not a directory.
 */
export function listAdminContacts(db: Db, limit = 5): AdminContact[] {
  return db
    .select({ name: admins.name, email: admins.email })
    .from(admins)
    .where(isNull(admins.disabledAt))
    .orderBy(asc(admins.name))
    .limit(limit)
    .all();
}
