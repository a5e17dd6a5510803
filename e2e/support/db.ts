/**
 * Direct access to the suite's database, ONLY for test setup that would take too long
 * through the app (e.g. seeding 10,000 users). The server has it open too: on SQLite, WAL
 * mode and a busy timeout let both write.
 */
import { closeDatabase, openDatabase, sqliteConnectionOf, type Db } from "../../db/client";
import { suiteDatabase } from "./suite";

export async function withSuiteDb<T>(fn: (db: Db) => T | Promise<T>): Promise<T> {
  const db = await openDatabase(suiteDatabase());
  try {
    // Longer than the app's: the suite's server may hold the write lock through a bulk job.
    if (db.engine === "sqlite") sqliteConnectionOf(db).pragma("busy_timeout = 10000");
    return await fn(db);
  } finally {
    await closeDatabase(db);
  }
}
