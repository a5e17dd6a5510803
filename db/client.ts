/**
 * Opening the database: the embedded SQLite file by default, PostgreSQL when the location is
 * a postgres:// URL (issue 15; README "Running on PostgreSQL"). Every connection (the
 * server's SCIM adapter, the Next.js app, the CLI, tests, the benchmark) goes through
 * `openDatabase`, so they share settings, migrations and the Sql seam (db/sql.ts) that every
 * data function uses.
 */
import { join } from "node:path";
import { openPostgres, setStrictPostgresHandles, type PostgresOptions } from "./postgres";
import { openSqlite, setStrictTransactionHandles as setStrictSqliteHandles } from "./sqlite";
import { closeDatabase, type Db, type Engine } from "./sql";

export * from "./sql";
export { sqliteConnectionOf } from "./sqlite";

/** Tests (db/testing/strict-handles.ts): both engines refuse `db` used inside a transaction's callback (db/sqlite.ts, db/postgres.ts). */
export function setStrictTransactionHandles(strict: boolean): void {
  setStrictSqliteHandles(strict);
  setStrictPostgresHandles(strict);
}

export const MIGRATIONS_FOLDER = join(process.cwd(), "db", "migrations");
export const PG_MIGRATIONS_FOLDER = join(process.cwd(), "db", "migrations-pg");

export interface OpenDatabaseOptions extends PostgresOptions {
  /**
   * Apply the committed migrations (on SQLite, then fill the derived columns they leave to
   * code: fill-name-norms.ts). The server entry, the CLI and tests do.
   */
  migrate?: boolean;
}

/** True for a PostgreSQL URL (postgres:// or postgresql://); anything else is a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function openDatabase(location: string, options: OpenDatabaseOptions = {}): Promise<Db> {
  if (isPostgresUrl(location)) return openPostgres(location, { ...options, migrationsFolder: PG_MIGRATIONS_FOLDER });
  return openSqlite(location, { migrate: options.migrate ?? false, migrationsFolder: MIGRATIONS_FOLDER });
}

/** Where tests get their databases: SQLite in memory unless a suite run on PostgreSQL set a factory. */
let testDatabases: (() => Promise<Db>) | undefined;

/** For the PostgreSQL run of the suite (db/testing/postgres-setup.ts): every openTestDatabase makes a database there. */
export function setTestDatabaseFactory(factory: () => Promise<Db>): void {
  testDatabases = factory;
}

/** Which engine openTestDatabase gives (db/testing/engine.ts). */
export function testDatabaseEngine(): Engine {
  return testDatabases ? "postgres" : "sqlite";
}

/**
 * A fresh, migrated database for tests: on SQLite in memory, private to this connection and
 * gone when it closes; in the PostgreSQL run, a new database of the throw-away server. A test
 * that needs WAL or a second connection opens a file in a temporary directory with openDatabase.
 */
export async function openTestDatabase(): Promise<Db> {
  if (testDatabases) return testDatabases();
  return openSqlite(":memory:", { migrate: true, migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * A connection for one long read (a CSV download streamed while the client takes it) beside
 * `db`: on SQLite a second connection to the same file, since an open statement holds its
 * connection and the shared one must keep taking writes; on PostgreSQL the same pool, whose
 * iterate takes a connection of its own. `close` ends it.
 */
export async function openReadConnection(db: Db): Promise<{ db: Db; close(): Promise<void> }> {
  if (db.engine === "postgres" || db.location === ":memory:") return { db, close: async () => undefined };
  const reader = openSqlite(db.location, { migrate: false, migrationsFolder: MIGRATIONS_FOLDER });
  return { db: reader, close: () => closeDatabase(reader) };
}
