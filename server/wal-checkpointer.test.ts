import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, sqliteConnectionOf, inTransaction, openDatabase, type Db } from "@/db/client";
import { BACKSTOP_PAGES, startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer";

let dir: string | undefined;
let db: Db | undefined;
let checkpointer: WalCheckpointer | undefined;

afterEach(async () => {
  await checkpointer?.stop();
  if (db) await closeDatabase(db);
  if (dir) rmSync(dir, { recursive: true, force: true });
  checkpointer = db = dir = undefined;
});

describe("the WAL checkpointer", () => {
  it("copies committed pages into the database file from its worker, the writer's own threshold far away", async () => {
    dir = mkdtempSync(join(tmpdir(), "wal-checkpointer-"));
    const path = join(dir, "db.sqlite");
    db = await openDatabase(path, { migrate: true });
    sqliteConnectionOf(db).pragma("wal_checkpoint(TRUNCATE)");
    const before = statSync(path).size;
    checkpointer = startWalCheckpointer(db, { path, intervalMs: 20 });
    expect(sqliteConnectionOf(db).pragma("wal_autocheckpoint", { simple: true })).toBe(BACKSTOP_PAGES);

    // About 200 new pages: far below the writer's threshold, so only the worker can have
    // copied them into the database file (until then they live in the WAL alone).
    await inTransaction(db, async (tx) => {
      for (let i = 0; i < 4_000; i++) await tx.execute("INSERT INTO counters (name, value) VALUES (?, ?)", `row-${i}-${"x".repeat(150)}`, i);
    });
    // Wait for all of them: the file grows page by page while a checkpoint runs.
    const expected = before + 100 * 4096;
    let size = statSync(path).size;
    for (let tries = 0; tries < 250 && size <= expected; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      size = statSync(path).size;
    }
    expect(size).toBeGreaterThan(expected);
  });
});
