import type { Db } from "@/db/client";

export interface AdminContact {
  name: string;
  email: string;
}

/**
 * Whom a plan user should ask (a refused sign-in, a Member-only action refused while
 * auto-upgrade is off): the plan's enabled System Admins, by name and email. Capped: a page
 * names a few people, not a directory.
 */
export async function listAdminContacts(db: Db, limit = 5): Promise<AdminContact[]> {
  return db.rows<AdminContact>('SELECT name AS "name", email AS "email" FROM admins WHERE disabled_at IS NULL ORDER BY name ASC LIMIT ?', limit);
}
