import type { Db } from "@/db/client";

/** Zero means a fresh install: the setup page is open. */
export async function countAdmins(db: Db): Promise<number> {
  return (await db.row<{ n: number }>('SELECT count(*) AS "n" FROM admins'))?.n ?? 0;
}
