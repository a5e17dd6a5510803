import type { Db } from "@/db/client";

/** Zero means a fresh install: the setup page is open. */
export function countAdmins(db: Db): number {
  return db.row<{ n: number }>('SELECT count(*) AS "n" FROM admins')?.n ?? 0;
}
