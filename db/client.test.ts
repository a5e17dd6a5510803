import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteConnectionOf, inTransaction, openTestDatabase, setStrictTransactionHandles, type Db } from "./client";

describe("openDatabase", () => {
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
    expect(db.engine).toBe("sqlite");
    expect(await db.row<{ answer: number }>('SELECT ? + ? AS "answer"', 40, 2)).toEqual({ answer: 42 });
    expect(await db.rows<{ n: number }>("SELECT value AS n FROM json_each('[1,2]')")).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await db.values("SELECT 1, 'a'")).toEqual([[1, "a"]]);
    // raw mode stays with `values`: the same text through `rows` still gives objects.
    expect(await db.rows("SELECT 1, 'a'")).toEqual([{ 1: 1, "'a'": "a" }]);
    const iterated: { n: number }[] = [];
    for await (const row of db.iterate<{ n: number }>("SELECT value AS n FROM json_each('[3]')")) iterated.push(row);
    expect(iterated).toEqual([{ n: 3 }]);
  });

  it("gives a transaction its own handle and refuses the database inside it", async () => {
    const db = await openTestDatabase();
    await db.execute("CREATE TABLE t (v INTEGER)");
    const changes = await inTransaction(db, async (tx) => {
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
