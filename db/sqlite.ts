/**
 * The embedded SQLite side of the Sql seam (db/sql.ts): one better-sqlite3 connection per
 * process, its statements prepared once and cached by their text. better-sqlite3 runs each
 * statement synchronously, so a statement outside a transaction answers without waiting; a
 * transaction holds the connection from BEGIN to COMMIT across its awaits, and whatever else
 * asks for the connection meanwhile (another request) waits its turn, as it would wait for
 * SQLite's own lock from a second connection.
 */
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fillNameNorms } from "./fill-name-norms";
import { BATCH_ROWS, DRIVER, type Db, type Driver, type RunResult, type SqlParam, type SqlText, type TransactionMode } from "./sql";

/** How long a statement or transaction waits for the connection before it is refused as busy (SQLite's busy_timeout). */
export const WAIT_FOR_CONNECTION_MS = 5_000;

interface Connection {
  sqlite: Database.Database;
  statements: Map<string, Database.Statement>;
  /** `values` statements, kept apart: raw mode sticks to a statement. */
  rawStatements: Map<string, Database.Statement>;
  root: SqliteHandle;
  driver: SqliteDriver;
  /** The handle of the open transaction (or iteration), or null. */
  holder: SqliteHandle | null;
  waiters: (() => void)[];
  savepoints: number;
  begin: Record<Exclude<TransactionMode, "reads">, Database.Statement>;
  commit: Database.Statement;
  rollback: Database.Statement;
}

function busy(): Error {
  return Object.assign(
    new Error(
      `The database stayed busy for ${WAIT_FOR_CONNECTION_MS / 1000} s (another request's transaction held it).`,
    ),
    { code: "SQLITE_BUSY" },
  );
}

/**
 * Tests turn this on (db/testing/strict-handles.ts): a wait for the connection gives up after
 * STRICT_WAIT_MS and says why it most likely waited. A request that waits its turn behind
 * another's transaction waits milliseconds; a data function given `db` inside a transaction
 * waits for that transaction, which is waiting for it, for ever.
 */
let strictHandles = false;
export function setStrictTransactionHandles(strict: boolean): void {
  strictHandles = strict;
}
const STRICT_WAIT_MS = 2_000;

function misuse(): Error {
  return Object.assign(
    new Error(
      `The database waited ${STRICT_WAIT_MS / 1000} s for a transaction to end: a statement or data function inside inTransaction was most likely given the database instead of the transaction's handle (tx).`,
    ),
    { code: "SQLITE_BUSY" },
  );
}

function stale(): Error {
  return new Error("This transaction's handle is used after its transaction ended: use it only inside its inTransaction callback.");
}

/** Waits until no transaction holds the connection, then holds it. */
function acquire(connection: Connection, holder: SqliteHandle): Promise<void> | undefined {
  if (connection.holder === null) {
    connection.holder = holder;
    return undefined;
  }
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      const at = connection.waiters.indexOf(turn);
      if (at !== -1) connection.waiters.splice(at, 1);
      reject(strictHandles ? misuse() : busy());
    }, strictHandles ? STRICT_WAIT_MS : WAIT_FOR_CONNECTION_MS);
    const turn = () => {
      clearTimeout(timer);
      connection.holder = holder;
      resolve();
    };
    connection.waiters.push(turn);
  });
}

function release(connection: Connection): void {
  connection.holder = null;
  connection.waiters.shift()?.();
}

function statementFor(connection: Connection, sql: SqlText, raw: boolean): Database.Statement {
  const statements = raw ? connection.rawStatements : connection.statements;
  const text = typeof sql === "string" ? sql : sql.sqlite;
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

class SqliteHandle implements Db {
  readonly engine = "sqlite" as const;

  constructor(
    private readonly connection: Connection,
    readonly location: string,
  ) {}

  // Off the connection rather than defined on each handle: a transaction's handle is made for
  // every SCIM request, and defineProperty on it cost more than the getter.
  get [DRIVER](): Driver {
    return this.connection.driver;
  }

  /** Whether a statement may run on the connection now; throws for a handle whose transaction ended. */
  private ready(): boolean {
    const connection = this.connection;
    if (connection.holder === this || (connection.holder === null && this === connection.root)) return true;
    if (this !== connection.root) throw stale();
    return false;
  }

  /** Runs `run` when the open transaction has ended: another request's statement waits its turn. */
  private async later<T>(run: () => T): Promise<T> {
    await acquire(this.connection, this);
    try {
      return run();
    } finally {
      release(this.connection);
    }
  }

  // Each method runs its statement at once when it can: no closure, no extra promise on the hot path.
  async row<T>(text: SqlText, ...params: SqlParam[]): Promise<T | undefined> {
    if (this.ready()) return statementFor(this.connection, text, false).get(...params) as T | undefined;
    return this.later(() => statementFor(this.connection, text, false).get(...params) as T | undefined);
  }

  async rows<T>(text: SqlText, ...params: SqlParam[]): Promise<T[]> {
    if (this.ready()) return statementFor(this.connection, text, false).all(...params) as T[];
    return this.later(() => statementFor(this.connection, text, false).all(...params) as T[]);
  }

  async values<T extends unknown[]>(text: SqlText, ...params: SqlParam[]): Promise<T[]> {
    if (this.ready()) return statementFor(this.connection, text, true).all(...params) as T[];
    return this.later(() => statementFor(this.connection, text, true).all(...params) as T[]);
  }

  async execute(text: SqlText, ...params: SqlParam[]): Promise<RunResult> {
    if (this.ready()) return { changes: statementFor(this.connection, text, false).run(...params).changes };
    return this.later(() => ({ changes: statementFor(this.connection, text, false).run(...params).changes }));
  }

  /**
   * Takes the connection for an iteration, like a transaction: nothing else may run on it
   * meanwhile. True when this handle took it (and must release it); a transaction's handle
   * iterates inside the hold it already has.
   */
  private async holdForIteration(): Promise<boolean> {
    const connection = this.connection;
    if (this === connection.root) {
      await acquire(connection, this);
      return true;
    }
    if (connection.holder !== this) throw stale();
    return false;
  }

  async *iterate<T>(text: SqlText, ...params: SqlParam[]): AsyncIterable<T> {
    const own = await this.holdForIteration();
    try {
      for (const row of statementFor(this.connection, text, false).iterate(...params)) yield row as T;
    } finally {
      if (own) release(this.connection);
    }
  }

  async *batches<T>(text: SqlText, ...params: SqlParam[]): AsyncIterable<T[]> {
    const connection = this.connection;
    const own = await this.holdForIteration();
    try {
      let batch: T[] = [];
      for (const row of statementFor(connection, text, false).iterate(...params)) {
        batch.push(row as T);
        if (batch.length === BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      if (own) release(connection);
    }
  }
}

class SqliteDriver implements Driver {
  constructor(private readonly connection: Connection) {}

  async transaction<T>(handle: Db, fn: (tx: Db) => T | Promise<T>, mode: TransactionMode): Promise<T> {
    const connection = this.connection;
    if (handle !== connection.root) {
      if (connection.holder !== handle) throw stale();
      const name = `s${++connection.savepoints}`;
      connection.sqlite.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(handle);
        connection.sqlite.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        if (connection.sqlite.inTransaction) connection.sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw error;
      } finally {
        connection.savepoints--;
      }
    }
    const tx = new SqliteHandle(connection, connection.root.location);
    const waiting = acquire(connection, tx);
    if (waiting) await waiting;
    try {
      connection.begin[mode === "reads" ? "deferred" : mode].run();
      let result: T;
      try {
        result = await fn(tx);
        connection.commit.run();
      } catch (error) {
        if (connection.sqlite.inTransaction) connection.rollback.run();
        throw error;
      }
      return result;
    } finally {
      release(connection);
    }
  }

  async exclusively(_name: string, fn: () => Promise<void>): Promise<boolean> {
    await fn();
    return true;
  }

  async close(): Promise<void> {
    this.connection.sqlite.close();
  }
}

export interface OpenSqliteOptions {
  migrate: boolean;
  migrationsFolder: string;
}

export function openSqlite(path: string, options: OpenSqliteOptions): Db {
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
  if (options.migrate) {
    migrate(drizzle(sqlite), { migrationsFolder: options.migrationsFolder });
    fillNameNorms(sqlite);
  }
  const connection = {
    sqlite,
    statements: new Map(),
    rawStatements: new Map(),
    holder: null,
    waiters: [],
    savepoints: 0,
    begin: { immediate: sqlite.prepare("BEGIN IMMEDIATE"), deferred: sqlite.prepare("BEGIN DEFERRED") },
    commit: sqlite.prepare("COMMIT"),
    rollback: sqlite.prepare("ROLLBACK"),
  } as Omit<Connection, "root" | "driver"> as Connection;
  const root = new SqliteHandle(connection, path);
  connection.root = root;
  connection.driver = new SqliteDriver(connection);
  return root;
}

/** The better-sqlite3 connection under a SQLite Db, for what only SQLite has (pragmas, WAL checkpoints, query plans, files). */
export function sqliteConnectionOf(db: Db): Database.Database {
  if (db.engine !== "sqlite") throw new Error(`sqliteConnectionOf: ${db.location} is not a SQLite database`);
  return (db as unknown as { connection: Connection }).connection.sqlite;
}
