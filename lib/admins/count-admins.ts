import { count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins } from "@/db/schema";

/** Zero means a fresh install: the setup page is open. */
export function countAdmins(db: Db): number {
  return db.select({ n: count() }).from(admins).get()?.n ?? 0;
}
