/**
 * Direct access to the suite's SQLite database, ONLY for test setup that would take too
 * long through the app (e.g. seeding 10,000 users). The server has the file open too:
 * WAL mode and a busy timeout let both write.
 */
import Database from "better-sqlite3";
import { suite } from "./suite";

export function withSuiteDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(suite().databasePath);
  try {
    db.pragma("busy_timeout = 10000");
    db.pragma("foreign_keys = ON");
    return fn(db);
  } finally {
    db.close();
  }
}
