/**
 * Opening the SQLite database. Every connection (the server's SCIM adapter, the Next.js
 * app, the CLI, tests) goes through `openDatabase`, so they share pragmas and functions.
 */
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fillNameNorms } from "./fill-name-norms";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = join(process.cwd(), "db", "migrations");

export interface OpenDatabaseOptions {
  /**
   * Apply the committed migrations, then fill the derived columns they leave to code
   * (fill-name-norms.ts). The server entry, the CLI and tests do.
   */
  migrate?: boolean;
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
  // needs Unicode folding that matches what we store in the *_norm columns. Queries only:
  // migrations never call it, so drizzle-kit or the sqlite3 shell can apply them too.
  sqlite.function("scim_lower", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? value.toLowerCase() : value,
  );
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate) {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    fillNameNorms(sqlite);
  }
  return db;
}

/**
 * A fresh, migrated database for tests, in memory: private to this connection and gone when
 * it closes (journal_mode stays "memory", not WAL). A test that needs WAL or a second
 * connection opens a file in a temporary directory with openDatabase.
 */
export function openTestDatabase(): Db {
  return openDatabase(":memory:", { migrate: true });
}

/**
 * Runs `fn` in one write transaction that takes the write lock up front (BEGIN IMMEDIATE),
 * so two connections (server, CLI) never deadlock upgrading a read lock. Nested calls
 * become savepoints.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * Use instead of `LIMIT ? OFFSET ?` in cached statements. SQLite peeks at a bare bound
 * LIMIT/OFFSET value when planning (sqlite3ExprIsInteger → sqlite3VdbeSetVarmask), which
 * expires the statement each time the parameter is bound again, so every execution
 * re-prepared it (bench/: a one-row SCIM list select cost 2.5× the lookup). A CAST keeps
 * the value out of the planner; the result is the same.
 */
export const LIMIT_OFFSET = "LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)";

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement for `sql`, compiled once per connection. The SCIM hot path runs
 * the same few shapes of query thousands of times a second; compiling each time would
 * cost more than running it. The cache is bounded: filters with many shapes evict.
 */
export function prepareCached(db: Db, sqlText: string): Database.Statement {
  let cache = statementCache.get(db.$client);
  if (!cache) {
    cache = new Map();
    statementCache.set(db.$client, cache);
  }
  let statement = cache.get(sqlText);
  if (!statement) {
    statement = db.$client.prepare(sqlText);
    if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
    cache.set(sqlText, statement);
  }
  return statement;
}
