/**
 * The process's one database connection. It is kept on globalThis, not in this module, so
 * the server entry and the Next.js bundle (which compiles its own copy of this module)
 * share it: a full server under load holds two handles on the file, this connection and the
 * WAL checkpointer's (server/wal-checkpointer.ts), so one page cache (db/client.ts), not two.
 */
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { databaseLocation } from "./env";

const globalForDb = globalThis as unknown as { adminCenterDb?: Promise<Db> };

/** The connection, opened (and migrated) by the first caller; callers at the same moment share it. */
export function getDb(): Promise<Db> {
  globalForDb.adminCenterDb ??= openDatabase(databaseLocation(), { migrate: true });
  return globalForDb.adminCenterDb;
}

/**
 * Closes the connection if one was opened: a process that is done (the CLI after its command)
 * exits at once, instead of when PostgreSQL's idle pooled connections time out (10 s).
 */
export async function closeDb(): Promise<void> {
  const opened = globalForDb.adminCenterDb;
  if (!opened) return;
  globalForDb.adminCenterDb = undefined;
  await opened.then(closeDatabase).catch(() => undefined);
}
