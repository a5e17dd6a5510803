/**
 * The process's cached database connection (one per module graph: the server entry and
 * the Next.js bundle each hold one; both are WAL connections to the same file).
 */
import { openDatabase, type Db } from "@/db/client";
import { env } from "./env";

const globalForDb = globalThis as unknown as { adminCenterDb?: Db };

export function getDb(): Db {
  globalForDb.adminCenterDb ??= openDatabase(env().DATABASE_PATH, { migrate: true });
  return globalForDb.adminCenterDb;
}
