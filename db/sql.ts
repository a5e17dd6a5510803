/**
 * The Sql seam (issue 15): the one way data functions reach the database, the same on the
 * embedded SQLite file and on PostgreSQL. SQL text with `?` placeholders, prepared once per
 * connection and cached by its text, so the hot path never re-prepares. Column aliases in
 * double quotes (`AS "tokenHash"`) give rows their TypeScript shape on both (PostgreSQL folds
 * unquoted names to lower case); db/columns.ts gives whole rows of a table. SQL that must
 * differ between the two asks `db.engine` (db/dialect.ts holds the few such fragments).
 *
 * Work that must be atomic runs in `inTransaction(db, async (tx) => …)`, and every statement
 * and data function inside gets `tx`, never `db`: on PostgreSQL a statement on the pool runs
 * on another connection, outside the transaction; on SQLite it would wait for the
 * transaction to end, which is waiting for it.
 */

/** Which database a Db talks to. */
export type Engine = "sqlite" | "postgres";

/** A value bound to a `?` placeholder. Flags are 0/1 and times integer milliseconds (schema.ts). */
export type SqlParam = string | number | bigint | Buffer | null;

/**
 * SQL written once per engine, where the two cannot share a text (db/dialect.ts builds them:
 * JSON functions, index hints, rowid). Built once at module load, so the hot path still
 * passes a constant and each driver caches its statement by its own text.
 */
export interface EngineSql {
  readonly sqlite: string;
  readonly postgres: string;
}

/** What every Sql method takes: one text for both engines, or one for each. */
export type SqlText = string | EngineSql;

/** The text of `sql` for `engine`. */
export function textFor(sql: SqlText, engine: Engine): string {
  return typeof sql === "string" ? sql : sql[engine];
}

export interface RunResult {
  /** Rows the statement inserted, updated or deleted. */
  changes: number;
}

/**
 * "immediate" (the default, for anything that writes): the write lock up front, so writers
 * run one at a time (SQLite's BEGIN IMMEDIATE; PostgreSQL's writer advisory lock,
 * db/postgres.ts). "deferred": a read-only snapshot. "reads": reads on one connection that
 * need not share a snapshot (a SCIM GET: each answer is of one moment anyway, RFC 7644
 * §3.4.2.4): on SQLite the same as "deferred", which is its cheapest way to run several
 * statements; on PostgreSQL no transaction at all, which saves BEGIN's and COMMIT's round
 * trips, two of an existence check's six. It refuses writes.
 */
export type TransactionMode = "immediate" | "deferred" | "reads";

export interface Sql {
  readonly engine: Engine;
  /** The first row, or undefined. */
  row<T = Record<string, unknown>>(text: SqlText, ...params: SqlParam[]): Promise<T | undefined>;
  rows<T = Record<string, unknown>>(text: SqlText, ...params: SqlParam[]): Promise<T[]>;
  /** Rows as arrays of their columns in select order: for pages of many rows, no object per row. */
  values<T extends unknown[] = unknown[]>(text: SqlText, ...params: SqlParam[]): Promise<T[]>;
  /**
   * Rows a batch at a time, for exports and sweeps too big to hold, from one snapshot. The
   * iteration holds a connection (on SQLite, the only one): keep the loop's body to the row.
   */
  iterate<T = Record<string, unknown>>(text: SqlText, ...params: SqlParam[]): AsyncIterable<T>;
  /**
   * The same rows BATCH_ROWS at a time: a sweep of every user takes one await per batch, not
   * one per row (bench/ workload 7: a promise per row cost a re-evaluation a fifth more).
   */
  batches<T = Record<string, unknown>>(text: SqlText, ...params: SqlParam[]): AsyncIterable<T[]>;
  execute(text: SqlText, ...params: SqlParam[]): Promise<RunResult>;
}

/** Rows per batch of Sql.batches (and PostgreSQL's cursor FETCH). */
export const BATCH_ROWS = 500;

/** What each engine implements behind `Db`; data functions never call it directly. */
export interface Driver {
  transaction<T>(handle: Db, fn: (tx: Db) => T | Promise<T>, mode: TransactionMode): Promise<T>;
  /**
   * Runs `fn` unless another instance is running the job of the same name (PostgreSQL's
   * session advisory lock); resolves false when it skipped. On SQLite one process runs the
   * scheduler, so it always runs.
   */
  exclusively(name: string, fn: () => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}

// Symbol.for: the server entry and the Next.js bundle each load their own copy of this module
// (server/db.ts), and the one Db made by either must work in both.
export const DRIVER = Symbol.for("admin-center.db.driver");

export interface Db extends Sql {
  readonly [DRIVER]: Driver;
  /** Where it is: the SQLite file (":memory:" for tests) or the PostgreSQL URL without its password. */
  readonly location: string;
}

/**
 * Runs `fn` in one transaction and gives it the transaction's handle. Called with a
 * transaction's handle, it becomes a savepoint of that transaction: a failure inside rolls
 * back the savepoint only.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db) => T | Promise<T>, mode: TransactionMode = "immediate"): Promise<T> {
  return db[DRIVER].transaction(db, fn, mode);
}

/** See Driver.exclusively. */
export function runExclusively(db: Db, name: string, fn: () => Promise<void>): Promise<boolean> {
  return db[DRIVER].exclusively(name, fn);
}

export function closeDatabase(db: Db): Promise<void> {
  return db[DRIVER].close();
}

/** What a database error means to the caller, whichever engine raised it. */
export type DatabaseErrorKind = "busy" | "unique" | "unavailable";

/**
 * SQLite's result codes and PostgreSQL's SQLSTATEs, as the adapters map them: "busy" (retry
 * shortly: a lock wait ran out, a deadlock or serialization failure was cut), "unique" (a
 * concurrent request made the same thing), "unavailable" (the database cannot be reached).
 */
export function classifyDatabaseError(error: unknown): DatabaseErrorKind | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "40001" || code === "40P01" || code === "55P03" || code === "57014") {
    return "busy";
  }
  if (code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505") return "unique";
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "57P01" || code === "57P03" || code === "08006" || code === "08001") {
    return "unavailable";
  }
  return undefined;
}

/**
 * Use instead of `LIMIT ? OFFSET ?` in cached statements. SQLite peeks at a bare bound
 * LIMIT/OFFSET value when planning (sqlite3ExprIsInteger → sqlite3VdbeSetVarmask), which
 * expires the statement each time the parameter is bound again, so every execution
 * re-prepared it (bench/: a one-row SCIM list select cost 2.5× the lookup). A CAST keeps
 * the value out of the planner; the result is the same, on PostgreSQL too.
 */
export const LIMIT_OFFSET = "LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)";

/**
 * The same object for a database and every transaction handle of it: the key of caches kept
 * per database (a page cursor, the visible users' ranks), which a per-transaction handle
 * would miss every request.
 */
export function databaseKeyOf(db: Db): object {
  return db[DRIVER];
}
