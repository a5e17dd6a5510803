/**
 * The PostgreSQL driver of the Sql seam (db/postgres.ts) on a real, throw-away PostgreSQL
 * server: the same calls as SQLite's (db/client.test.ts), and what only several instances
 * need: one writer at a time across pools, read snapshots, job locks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, inTransaction, openDatabase, runExclusively, type Db } from "./client";
import { numberPlaceholders } from "./postgres";
import { startTestPostgres, type TestPostgres } from "./testing/postgres-server";

let server: TestPostgres;
let db: Db;
let second: Db;

beforeAll(async () => {
  server = await startTestPostgres();
  const url = await server.createDatabase("seam_test");
  db = await openDatabase(url, { migrate: true });
  // A second instance: its own pool on the same database.
  second = await openDatabase(url, { migrate: true });
  await db.execute("CREATE TABLE t (v BIGINT, label TEXT)");
}, 60_000);

afterAll(async () => {
  if (db) await closeDatabase(db);
  if (second) await closeDatabase(second);
  await server?.stop();
});

describe("the PostgreSQL driver", () => {
  it("numbers placeholders outside quotes and comments", () => {
    expect(numberPlaceholders(`SELECT '?', "a?" , ? -- what?\n, ?`)).toBe(`SELECT '?', "a?" , $1 -- what?\n, $2`);
  });

  it("runs the seam's calls with SQLite's shapes: aliased rows, numbers for bigint and counts, arrays, changes", async () => {
    expect(db.engine).toBe("postgres");
    expect(db.location).not.toMatch(/:[^/@]*@/);
    expect(await db.row<{ answer: number }>('SELECT CAST(? AS BIGINT) + 2 AS "answer"', 40)).toEqual({ answer: 42 });
    expect((await db.execute("INSERT INTO t (v, label) VALUES (?, ?), (?, ?)", 1, "a", 2, "b")).changes).toBe(2);
    expect(await db.rows<{ n: number }>("SELECT count(*) AS n, sum(v) AS s FROM t")).toEqual([{ n: 2, s: 3 }]);
    expect(await db.values("SELECT v, label FROM t ORDER BY v")).toEqual([[1, "a"], [2, "b"]]);
    const seen: number[] = [];
    for await (const row of db.iterate<{ v: number }>("SELECT v FROM t ORDER BY v")) seen.push(row.v);
    expect(seen).toEqual([1, 2]);
  });

  it("commits or rolls back a transaction as one, and a failed savepoint alone", async () => {
    await db.execute("DELETE FROM t");
    await expect(
      inTransaction(db, async (tx) => {
        await tx.execute("INSERT INTO t (v) VALUES (1)");
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    await inTransaction(db, async (tx) => {
      await tx.execute("INSERT INTO t (v) VALUES (2)");
      await expect(
        inTransaction(tx, async (inner) => {
          await inner.execute("INSERT INTO t (v) VALUES (3)");
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
    });
    expect(await db.rows("SELECT v FROM t")).toEqual([{ v: 2 }]);
    let kept: Db | undefined;
    await inTransaction(db, async (tx) => {
      kept = tx;
    });
    await expect(kept!.row("SELECT 1")).rejects.toThrow(/after its transaction ended/);
  });

  it("runs writers one at a time across instances, so a read-then-write never loses an update", async () => {
    await db.execute("DELETE FROM t");
    await db.execute("INSERT INTO t (v, label) VALUES (0, 'counter')");
    const increment = (instance: Db) =>
      inTransaction(instance, async (tx) => {
        const { v } = (await tx.row<{ v: number }>("SELECT v FROM t WHERE label = 'counter'"))!;
        await new Promise((resolve) => setTimeout(resolve, 2));
        await tx.execute("UPDATE t SET v = ? WHERE label = 'counter'", v + 1);
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 === 0 ? db : second)));
    expect(await db.row("SELECT v FROM t WHERE label = 'counter'")).toEqual({ v: 20 });
  });

  it("gives a read transaction one snapshot, and refuses writes in it", async () => {
    await db.execute("DELETE FROM t");
    await inTransaction(
      db,
      async (tx) => {
        const before = await tx.row<{ n: number }>("SELECT count(*) AS n FROM t");
        await second.execute("INSERT INTO t (v) VALUES (9)");
        expect(await tx.row("SELECT count(*) AS n FROM t")).toEqual(before);
        await expect(tx.execute("INSERT INTO t (v) VALUES (10)")).rejects.toMatchObject({ code: "25006" });
      },
      "deferred",
    );
    expect(await db.row("SELECT count(*) AS n FROM t")).toEqual({ n: 1 });
  });

  it("runs a \"reads\" run on one connection in no transaction: each read sees the latest commit, a write is refused, a cursor works", async () => {
    await db.execute("DELETE FROM t");
    await db.execute("INSERT INTO t (v) VALUES (1), (2), (3)");
    await inTransaction(
      db,
      async (tx) => {
        // No BEGIN was sent: a failed statement leaves nothing aborted for the next.
        await expect(tx.row("SELECT CAST('x' AS integer) AS n")).rejects.toMatchObject({ code: "22P02" });
        expect(await tx.row("SELECT count(*) AS n FROM t")).toEqual({ n: 3 });
        const pid = await tx.row<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await second.execute("INSERT INTO t (v) VALUES (4)");
        expect(await tx.row("SELECT count(*) AS n FROM t")).toEqual({ n: 4 });
        expect(await tx.row("SELECT pg_backend_pid() AS pid")).toEqual(pid);
        await expect(tx.execute("INSERT INTO t (v) VALUES (5)")).rejects.toThrow(/"reads"/);
        await expect(inTransaction(tx, async (inner) => inner.execute("INSERT INTO t (v) VALUES (5)"))).rejects.toThrow(/"reads"/);
        // A nested read needs no savepoint.
        expect(await inTransaction(tx, async (inner) => inner.row("SELECT count(*) AS n FROM t"), "deferred")).toEqual({ n: 4 });
        const seen: number[] = [];
        for await (const batch of tx.batches<{ v: number }>("SELECT v FROM t ORDER BY v")) seen.push(...batch.map((r) => r.v));
        expect(seen).toEqual([1, 2, 3, 4]);
        // The cursor's snapshot ended with it: the connection is back in no transaction.
        await expect(tx.row("SELECT CAST('x' AS integer) AS n")).rejects.toMatchObject({ code: "22P02" });
        expect(await tx.row("SELECT count(*) AS n FROM t")).toEqual({ n: 4 });
      },
      "reads",
    );
    expect(await db.row("SELECT count(*) AS n FROM t")).toEqual({ n: 4 });
  });

  it("runs a job on one instance at a time", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = runExclusively(db, "snapshot", () => held);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await runExclusively(second, "snapshot", async () => undefined)).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await runExclusively(second, "snapshot", async () => undefined)).toBe(true);
  });
});
