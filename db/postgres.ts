/**
 * The PostgreSQL side of the Sql seam (issue 15): the same SQL text as SQLite, `?`
 * placeholders numbered once per text, each text a named prepared statement on every pooled
 * connection that runs it. Integers come back as numbers: times are milliseconds (below 2^53),
 * and counts are bigint or numeric in PostgreSQL.
 *
 * Transactions keep SQLite's model, so every invariant the data functions rely on there holds
 * across instances too: a write transaction ("immediate") takes one advisory lock first, so
 * writers run one at a time across every instance, as SQLite's one write lock makes them; a
 * read transaction ("deferred") is a REPEATABLE READ snapshot, as SQLite's is; "reads" is a
 * connection in no transaction (db/sql.ts TransactionMode). A write statement outside a
 * transaction runs in one of its own, under the same lock.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import pg from "pg";
import { BATCH_ROWS, DRIVER, type Db, type Driver, type RunResult, type SqlParam, type SqlText, type TransactionMode } from "./sql";

/** The advisory lock every write transaction holds (pg_advisory_xact_lock's key): one writer at a time. */
export const WRITER_LOCK = 0x41444d4e; // "ADMN"

const INT8 = 20;
const NUMERIC = 1700;
// One function, not one a call: pg asks for each field's parser on every result.
const toNumber = (value: string) => Number(value);
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC) return toNumber;
    return pg.types.getTypeParser(oid, format);
  },
};

interface Prepared {
  name: string;
  text: string;
  /** Whether it changes data (anything but SELECT / WITH … SELECT / VALUES): runs under the writer lock. */
  writes: boolean;
}

/** `?` → `$1`, `$2`, …, outside quotes, comments and quoted identifiers. */
export function numberPlaceholders(text: string): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop + 1);
      i = stop;
    } else if (c === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === "?") {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

const READ_ONLY = /^\s*(select|values|with\s[\s\S]*\)\s*select|show|explain)\b/i;

class PostgresStatements {
  private readonly prepared = new Map<string, Prepared>();
  private next = 0;

  get(sql: SqlText): Prepared {
    const text = typeof sql === "string" ? sql : sql.postgres;
    let statement = this.prepared.get(text);
    if (!statement) {
      statement = { name: `s${++this.next}`, text: numberPlaceholders(text), writes: !READ_ONLY.test(text) };
      this.prepared.set(text, statement);
    }
    return statement;
  }
}

function createPool(url: string, max: number, idleTimeoutMillis = 10_000): pg.Pool {
  return new pg.Pool({ connectionString: url, max, idleTimeoutMillis, types });
}

/** Runs one prepared statement on a client (or the pool); rows as objects, or as arrays. */
async function query(
  runner: pg.Pool | pg.PoolClient,
  statement: Prepared,
  params: SqlParam[],
  asArrays = false,
): Promise<pg.QueryResult> {
  return runner.query({
    name: statement.name,
    text: statement.text,
    values: params,
    ...(asArrays ? { rowMode: "array" } : {}),
  });
}

/** PostgreSQL's SQLSTATE codes the data layer meets, and the SQLite codes they stand for. */
export const PG_ERRORS = {
  uniqueViolation: "23505",
  serializationFailure: "40001",
  deadlock: "40P01",
  lockTimeout: "55P03",
} as const;

export interface PostgresOptions {
  /** Connections in this instance's pool (default 10). */
  max?: number;
  idleTimeoutMillis?: number;
}

interface OpenPostgresOptions extends PostgresOptions {
  migrate?: boolean;
  migrationsFolder?: string;
}

/**
 * How long a write waits for the writer lock (and any row lock) before it fails as busy
 * (55P03, classifyDatabaseError): SQLite's busy_timeout (db/sqlite.ts), so a write behind a
 * long one gets a 503 with Retry-After or a "try again" rather than a hang, and a data
 * function that waits on its own transaction fails instead of holding the lock for ever.
 */
const LOCK_TIMEOUT_MS = 5_000;
const STRICT_LOCK_TIMEOUT_MS = 2_000;

/**
 * Tests turn this on (db/testing/strict-handles.ts), as SQLite's strict handles: a statement
 * on the pool made from inside a transaction's callback fails at once. On PostgreSQL it would
 * run on another connection, outside the transaction, and a write there would wait for the
 * writer lock that the transaction holds while it waits for the write. Another database
 * (another instance's pool, in tests) is not the transaction's: it may be used.
 */
let insideTransaction: AsyncLocalStorage<PostgresDriver> | undefined;
export function setStrictPostgresHandles(strict: boolean): void {
  insideTransaction = strict ? new AsyncLocalStorage<PostgresDriver>() : undefined;
}

function misuse(): Error {
  return new Error(
    "A statement or data function inside inTransaction was given the database instead of the transaction's handle (tx): on PostgreSQL it would run outside the transaction.",
  );
}

/** A lock key for a job name: the first 8 bytes of its SHA-256, as PostgreSQL's bigint. */
function lockKeyOf(name: string): string {
  return createHash("sha256").update(`admin-center:${name}`).digest().readBigInt64BE(0).toString();
}

class PostgresHandle implements Db {
  readonly engine = "postgres" as const;
  declare readonly [DRIVER]: Driver;

  constructor(
    readonly driver: PostgresDriver,
    /** The transaction's client, or undefined for the pool. */
    readonly client: pg.PoolClient | undefined,
    readonly location: string,
    /** A "reads" run: the client is in no transaction, so a write here would take no lock. */
    readonly readsOnly = false,
  ) {}

  /** False once the transaction ended. */
  open = true;

  private async run(text: SqlText, params: SqlParam[], asArrays = false): Promise<pg.QueryResult> {
    const statement = this.driver.statements.get(text);
    if (this.client) {
      if (!this.open) throw stale();
      if (this.readsOnly && statement.writes) throw writeInReads();
      return query(this.client, statement, params, asArrays);
    }
    if (insideTransaction?.getStore() === this.driver) throw misuse();
    // A write outside a transaction takes the writer lock like any write (see the file comment).
    if (statement.writes) return this.driver.transaction(this, (tx) => (tx as PostgresHandle).run(text, params, asArrays), "immediate");
    return query(this.driver.pool, statement, params, asArrays);
  }

  async row<T>(text: SqlText, ...params: SqlParam[]): Promise<T | undefined> {
    return (await this.run(text, params)).rows[0] as T | undefined;
  }

  async rows<T>(text: SqlText, ...params: SqlParam[]): Promise<T[]> {
    return (await this.run(text, params)).rows as T[];
  }

  async values<T extends unknown[]>(text: SqlText, ...params: SqlParam[]): Promise<T[]> {
    return (await this.run(text, params, true)).rows as T[];
  }

  async execute(text: SqlText, ...params: SqlParam[]): Promise<RunResult> {
    return { changes: (await this.run(text, params)).rowCount ?? 0 };
  }

  async *iterate<T>(text: SqlText, ...params: SqlParam[]): AsyncIterable<T> {
    for await (const batch of this.batches<T>(text, ...params)) yield* batch;
  }

  async *batches<T>(text: SqlText, ...params: SqlParam[]): AsyncIterable<T[]> {
    const statement = this.driver.statements.get(text);
    const cursor = `c${++this.driver.cursors}`;
    if (this.client) {
      if (!this.open) throw stale();
      if (this.readsOnly && statement.writes) throw writeInReads();
      // A "reads" connection is in no transaction, and a cursor lives in one.
      if (this.readsOnly) yield* inSnapshot<T>(this.client, cursor, statement.text, params);
      else yield* fetchCursor<T>(this.client, cursor, statement.text, params);
      return;
    }
    if (insideTransaction?.getStore() === this.driver) throw misuse();
    // A cursor lives in a transaction: a read-only snapshot of its own, on a connection of its own.
    const client = await this.driver.pool.connect();
    try {
      yield* inSnapshot<T>(client, cursor, statement.text, params);
    } finally {
      client.release();
    }
  }
}

/** The cursor's rows in a read-only snapshot of their own on `client`, which is in no transaction. */
async function* inSnapshot<T>(client: pg.PoolClient, cursor: string, text: string, params: SqlParam[]): AsyncIterable<T[]> {
  let ended = false;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    yield* fetchCursor<T>(client, cursor, text, params);
    await client.query("COMMIT");
    ended = true;
  } finally {
    // A failure, or a loop that stopped early (its break returns through here): the
    // connection is left outside any transaction.
    if (!ended) await client.query("ROLLBACK").catch(() => undefined);
  }
}

async function* fetchCursor<T>(client: pg.PoolClient, cursor: string, text: string, params: SqlParam[]): AsyncIterable<T[]> {
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${text}`, params);
  try {
    for (;;) {
      const batch = await client.query(`FETCH ${BATCH_ROWS} FROM ${cursor}`);
      if (batch.rows.length === 0) return;
      yield batch.rows as T[];
    }
  } finally {
    await client.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
}

function writeInReads(): Error {
  return new Error('A write inside inTransaction(…, "reads"): a "reads" run takes no lock and no transaction; write in an "immediate" one.');
}

function stale(): Error {
  return new Error("This transaction's handle is used after its transaction ended: use it only inside its inTransaction callback.");
}

/** Transactions cut by PostgreSQL to break a deadlock or a serialization conflict are run again, this many times in all. */
const ATTEMPTS = 5;

class PostgresDriver implements Driver {
  readonly statements = new PostgresStatements();
  cursors = 0;
  private savepoints = 0;

  constructor(
    readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  async transaction<T>(handle: Db, fn: (tx: Db) => T | Promise<T>, mode: TransactionMode): Promise<T> {
    const outer = handle as PostgresHandle;
    if (outer.client) {
      if (!outer.open) throw stale();
      if (outer.readsOnly) {
        // No transaction to make a savepoint in: reads need none, and a write is refused.
        if (mode !== "reads" && mode !== "deferred") throw writeInReads();
        return fn(outer);
      }
      const name = `s${++this.savepoints}`;
      await outer.client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(outer);
        await outer.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
        throw error;
      }
    }
    if (insideTransaction?.getStore() === this) throw misuse();
    if (mode === "reads") return this.reads(fn);
    const lockTimeout = insideTransaction ? STRICT_LOCK_TIMEOUT_MS : LOCK_TIMEOUT_MS;
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      const tx = new PostgresHandle(this, client, this.location);
      Object.defineProperty(tx, DRIVER, { value: this });
      let broken = false;
      try {
        // One round trip: BEGIN and, for a writer, the writer lock.
        await client.query(
          mode === "immediate"
            ? `BEGIN; SET LOCAL lock_timeout = ${lockTimeout}; SELECT pg_advisory_xact_lock(${WRITER_LOCK})`
            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        );
        const result = insideTransaction ? await insideTransaction.run(this, () => fn(tx)) : await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true;
        }
        const code = (error as { code?: string }).code;
        if (attempt < ATTEMPTS && (code === PG_ERRORS.serializationFailure || code === PG_ERRORS.deadlock)) continue;
        throw error;
      } finally {
        tx.open = false;
        client.release(broken);
      }
    }
  }

  /** See TransactionMode: one connection, each statement in a transaction of its own. */
  private async reads<T>(fn: (tx: Db) => T | Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PostgresHandle(this, client, this.location, true);
    Object.defineProperty(tx, DRIVER, { value: this });
    try {
      return insideTransaction ? await insideTransaction.run(this, () => fn(tx)) : await fn(tx);
    } finally {
      tx.open = false;
      client.release();
    }
  }

  async exclusively(name: string, fn: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const key = lockKeyOf(name);
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS locked`);
      if (!rows[0]?.locked) return false;
      try {
        await fn();
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${key})`);
      }
      return true;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The URL as shown to people: without its password. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<Db> {
  const pool = createPool(url, options.max ?? 10, options.idleTimeoutMillis);
  // An idle client's error (the server restarted) must not crash the process: the pool drops it.
  pool.on("error", () => undefined);
  const location = withoutPassword(url);
  const driver = new PostgresDriver(pool, location);
  const db = new PostgresHandle(driver, undefined, location);
  Object.defineProperty(db, DRIVER, { value: driver });
  if (options.migrate) {
    if (!options.migrationsFolder) throw new Error("openPostgres: migrate needs migrationsFolder");
    // Two instances starting at once: one migrates, the other waits on the same lock, then finds nothing to do.
    const client = await pool.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(${lockKeyOf("migrations")})`);
      try {
        await migrate(drizzle(client), { migrationsFolder: options.migrationsFolder });
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${lockKeyOf("migrations")})`);
      }
    } finally {
      client.release();
    }
  }
  return db;
}
