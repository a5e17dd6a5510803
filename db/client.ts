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

/** The SQL dialect behind a Db: SQL text that differs between the two asks `db.engine` (issue 15). */
export type Dialect = "sqlite" | "postgres";

/** A value bound to a `?` placeholder. Booleans are 0/1 and times integer milliseconds (schema.ts). */
export type SqlParam = string | number | bigint | Buffer | null;

export interface RunResult {
  /** Rows the statement inserted, updated or deleted. */
  changes: number;
}

/**
 * The one way data functions reach the database (issue 15): SQL text with `?` placeholders,
 * compiled once per connection and cached, so the hot path never re-prepares. Column aliases
 * in double quotes (`AS "tokenHash"`) give rows their TypeScript shape on either dialect.
 * Inside `inTransaction` only its handle works: the database itself refuses, because on
 * PostgreSQL a statement on the pool would silently run outside the transaction.
 */
export interface Sql {
  readonly engine: Dialect;
  /** The first row, or undefined. */
  row<T = Record<string, unknown>>(text: string, ...params: SqlParam[]): T | undefined;
  rows<T = Record<string, unknown>>(text: string, ...params: SqlParam[]): T[];
  /** Rows as arrays of their columns in select order: for pages of many rows, no object per row. */
  values<T extends unknown[] = unknown[]>(text: string, ...params: SqlParam[]): T[];
  /** Rows one at a time, for exports too big to hold. */
  iterate<T = Record<string, unknown>>(text: string, ...params: SqlParam[]): IterableIterator<T>;
  execute(text: string, ...params: SqlParam[]): RunResult;
}

type Drizzle = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Db = Drizzle & Sql;

/** What the connection and its transaction handles share. */
interface Connection {
  sqlite: Database.Database;
  statements: Map<string, Database.Statement>;
  /** `values` statements, kept apart: raw mode sticks to a statement. */
  rawStatements: Map<string, Database.Statement>;
  root: Db;
  /** The handle statements may use now: the database, or the open transaction's handle. */
  active: Db;
  immediate: (fn: (tx: Db) => unknown, tx: Db) => unknown;
  deferred: (fn: (tx: Db) => unknown, tx: Db) => unknown;
}

const CONNECTION = Symbol("connection");
type Handle = Db & { [CONNECTION]: Connection };

/**
 * Until every caller passes its transaction's handle (issue 15, in progress), the database
 * itself still works inside a transaction; tests of the seam turn the check on.
 */
let strictHandles = false;
export function setStrictTransactionHandles(strict: boolean): void {
  strictHandles = strict;
}

function statementFor(handle: Handle, text: string, raw = false): Database.Statement {
  const connection = handle[CONNECTION];
  if (connection.active !== handle && (strictHandles || handle !== connection.root)) {
    throw new Error(
      "This database handle is not the open transaction's: inside inTransaction use its handle (tx), and never after it ends.",
    );
  }
  const statements = raw ? connection.rawStatements : connection.statements;
  let statement = statements.get(text);
  if (!statement) {
    statement = connection.sqlite.prepare(text);
    if (raw) statement.raw(true);
    // Bounded: filters with many shapes evict the oldest.
    if (statements.size >= 500) statements.delete(statements.keys().next().value as string);
    statements.set(text, statement);
  }
  return statement;
}

const sqlMethods: Omit<Sql, "engine"> & ThisType<Handle> = {
  row(text, ...params) {
    return statementFor(this, text).get(...params) as never;
  },
  rows(text, ...params) {
    return statementFor(this, text).all(...params) as never;
  },
  values(text, ...params) {
    return statementFor(this, text, true).all(...params) as never;
  },
  iterate(text, ...params) {
    return statementFor(this, text).iterate(...params) as never;
  },
  execute(text, ...params) {
    const { changes } = statementFor(this, text).run(...params);
    return { changes };
  },
};

function attachSql(orm: Drizzle): Db {
  const db = Object.assign(orm, sqlMethods, { engine: "sqlite" as const }) as Handle;
  const sqlite = orm.$client;
  const run = sqlite.transaction((fn: (tx: Db) => unknown, tx: Db) => fn(tx));
  db[CONNECTION] = { sqlite, statements: new Map(), rawStatements: new Map(), root: db, active: db, immediate: run.immediate, deferred: run.deferred };
  return db;
}

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
  const db = attachSql(drizzle(sqlite, { schema }) as Drizzle);
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

export type TransactionMode = "immediate" | "deferred";

/**
 * Runs `fn` in one transaction and gives it the transaction's handle: every statement of
 * the work goes through `tx`. "immediate" (the default, for writes) takes the write lock up
 * front (BEGIN IMMEDIATE), so two connections (server, CLI) never deadlock upgrading a read
 * lock; "deferred" is for reads that want one snapshot. Called with a transaction's handle,
 * it becomes a savepoint of that transaction.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db) => T, mode: TransactionMode = "immediate"): T {
  const handle = db as Handle;
  const connection = handle[CONNECTION];
  if (connection.active !== handle && !strictHandles && handle === connection.root) {
    return connection[mode](fn as (tx: Db) => unknown, connection.active) as T;
  }
  if (connection.active !== handle) {
    throw new Error("inTransaction was given the database while a transaction is open: pass the transaction's handle (tx).");
  }
  if (handle !== connection.root) {
    // A savepoint (better-sqlite3 nests transactions as savepoints); the handle stays.
    return connection[mode](fn as (tx: Db) => unknown, handle) as T;
  }
  const tx = Object.create(handle) as Handle;
  connection.active = tx;
  try {
    return connection[mode](fn as (tx: Db) => unknown, tx) as T;
  } finally {
    connection.active = handle;
  }
}

/**
 * Use instead of `LIMIT ? OFFSET ?` in cached statements. SQLite peeks at a bare bound
 * LIMIT/OFFSET value when planning (sqlite3ExprIsInteger → sqlite3VdbeSetVarmask), which
 * expires the statement each time the parameter is bound again, so every execution
 * re-prepared it (bench/: a one-row SCIM list select cost 2.5× the lookup). A CAST keeps
 * the value out of the planner; the result is the same.
 */
export const LIMIT_OFFSET = "LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)";
