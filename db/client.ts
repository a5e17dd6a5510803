/**
 * Opening the SQLite database. Every connection (the server's SCIM adapter, the Next.js
 * app, the CLI, tests) goes through `openDatabase`, so they share pragmas and functions.
 */
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = join(process.cwd(), "db", "migrations");

export interface OpenDatabaseOptions {
  /** Apply the committed migrations (the server entry, the CLI and tests do). */
  migrate?: boolean;
  migrationsFolder?: string;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the CLI and the server write the same file while readers go on.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -65536");
  // SQLite's lower() folds ASCII only; SCIM's case-insensitive compare (RFC 7643 §2.1)
  // needs Unicode folding that matches what we store in the *_norm columns.
  sqlite.function("scim_lower", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? value.toLowerCase() : value,
  );
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate) {
    migrate(db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_FOLDER });
  }
  return db;
}

/** A fresh, migrated database for tests: a temporary file, so WAL and two connections work. */
export function openTestDatabase(): Db {
  return openDatabase(":memory:", { migrate: true });
}
