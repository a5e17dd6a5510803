import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteConnectionOf, inTransaction, openTestDatabase, setStrictTransactionHandles, type Db } from "./client";
import { onPostgres } from "./testing/engine";

// The seam's contract, on whichever engine this run is on (vitest.postgres.config.ts runs it
// again on PostgreSQL; db/postgres.test.ts adds what only PostgreSQL has: pools, locks, retries).
describe.skipIf(onPostgres)("openDatabase on SQLite", () => {
  it("applies the committed migrations and folds case with scim_lower", async () => {
    const db = await openTestDatabase();
    const tables = sqliteConnectionOf(db)
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(["users", "groups", "group_members", "plan", "activity"]));
    expect(sqliteConnectionOf(db).prepare("SELECT scim_lower('ÄBC') AS v").get()).toEqual({ v: "äbc" });
  });
});

describe("the Sql seam", () => {
  beforeAll(() => setStrictTransactionHandles(true));
  afterAll(() => setStrictTransactionHandles(false));

  it("runs cached statements and gives rows their aliased shape", async () => {
    const db = await openTestDatabase();
    expect(db.engine).toBe(onPostgres ? "postgres" : "sqlite");
    expect(await db.row<{ answer: number }>('SELECT CAST(? AS integer) + CAST(? AS integer) AS "answer"', 40, 2)).toEqual({ answer: 42 });
    const two = "SELECT 1 AS n UNION ALL SELECT 2 ORDER BY n";
    expect(await db.rows<{ n: number }>(two)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await db.values("SELECT 1 AS a, 'a' AS b")).toEqual([[1, "a"]]);
    // raw mode stays with `values`: the same text through `rows` still gives objects.
    expect(await db.rows("SELECT 1 AS a, 'a' AS b")).toEqual([{ a: 1, b: "a" }]);
    const iterated: { n: number }[] = [];
    for await (const row of db.iterate<{ n: number }>(two)) iterated.push(row);
    expect(iterated).toEqual([{ n: 1 }, { n: 2 }]);
    const batched: { n: number }[][] = [];
    for await (const batch of db.batches<{ n: number }>(two)) batched.push(batch);
    expect(batched).toEqual([[{ n: 1 }, { n: 2 }]]);
    // A statement written once per engine (db/dialect.ts) runs the text of its own.
    expect(await db.row({ sqlite: "SELECT 'sqlite' AS e", postgres: "SELECT 'postgres' AS e" })).toEqual({ e: db.engine });
  });

  it("gives a transaction its own handle, refuses the database inside it, and the handle after it", async () => {
    const db = await openTestDatabase();
    await db.execute("CREATE TABLE t (v INTEGER)");
    const changes = await inTransaction(db, async (tx) => {
      // Tests catch a data function that forgot its tx (db/testing/strict-handles.ts): on
      // PostgreSQL it would run on another connection, outside the transaction.
      await expect(db.row("SELECT 1")).rejects.toThrow(/given the database instead of the transaction's handle \(tx\)/);
      await expect(inTransaction(db, () => 0)).rejects.toThrow(/given the database instead of the transaction's handle \(tx\)/);
      return (await tx.execute("INSERT INTO t VALUES (1), (2)")).changes;
    });
    expect(changes).toBe(2);
    let kept: Db | undefined;
    await inTransaction(db, (tx) => {
      kept = tx;
    });
    await expect(kept!.row("SELECT 1")).rejects.toThrow(/used after its transaction ended/);
  });

  it("rolls back a failed transaction, and a failed savepoint alone", async () => {
    const db = await openTestDatabase();
    await db.execute("CREATE TABLE t (v INTEGER)");
    await expect(
      inTransaction(db, async (tx) => {
        await tx.execute("INSERT INTO t VALUES (1)");
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    await inTransaction(db, async (tx) => {
      await tx.execute("INSERT INTO t VALUES (2)");
      await expect(
        inTransaction(tx, async (inner) => {
          await inner.execute("INSERT INTO t VALUES (3)");
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
    });
    expect(await db.rows("SELECT v FROM t")).toEqual([{ v: 2 }]);
  });
});
