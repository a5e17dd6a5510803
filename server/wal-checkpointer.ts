/**
 * Checkpoints the WAL from a worker thread, so the fsync a checkpoint ends with never
 * blocks the event loop. SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * the threshold, on the connection that wrote: with synchronous=NORMAL that fsync is the
 * only one left, and it was a third of the time of a SCIM write and every p99 spike of
 * the mixed benchmark (bench/: POST /Users 837 µs with it, 544 µs with fsync off).
 *
 * Durability is unchanged: the worker runs the same PASSIVE checkpoint, with the same
 * fsyncs, on its own connection (WAL allows one checkpointer beside readers and a writer).
 * The writing connection keeps a higher automatic threshold as a backstop, for bursts the
 * worker has not caught up with; it then only copies what the worker has not yet.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { sqliteConnectionOf, type Db } from "@/db/client";

/** Pages of WAL the writer lets grow before it checkpoints itself (SQLite's default is 1,000). */
export const BACKSTOP_PAGES = 8_000;

// Plain CommonJS run with `eval`: no TypeScript loader in the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 0");
let failures = 0;
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    failures = 0;
  } catch (error) {
    // SQLITE_BUSY and friends: the next tick tries again; say so once, not every tick.
    if (failures++ === 0) parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

export function startWalCheckpointer(
  db: Db,
  options: { path: string; intervalMs?: number; onError?: (message: string) => void },
): WalCheckpointer {
  sqliteConnectionOf(db).pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  // After the log restarts, cut the file back: a burst must not keep a huge WAL on disk.
  sqliteConnectionOf(db).pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path: options.path, intervalMs: options.intervalMs ?? 100, driver: createRequire(join(process.cwd(), "package.json")).resolve("better-sqlite3") },
  });
  worker.unref();
  worker.on("message", (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on("error", (error) => options.onError?.(String(error)));
  return {
    stop: async () => {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("stop");
      await exited;
      sqliteConnectionOf(db).pragma("wal_autocheckpoint = 1000");
    },
  };
}
