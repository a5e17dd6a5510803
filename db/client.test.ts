import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction, openTestDatabase, setStrictTransactionHandles, type Db } from "./client";

describe("openDatabase", () => {
  it("applies the committed migrations and folds case with scim_lower", () => {
    const db = openTestDatabase();
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(["users", "groups", "group_members", "plan", "activity"]));
    expect(db.$client.prepare("SELECT scim_lower('ÄBC') AS v").get()).toEqual({ v: "äbc" });
  });
});

describe("the Sql seam", () => {
  beforeAll(() => setStrictTransactionHandles(true));
  afterAll(() => setStrictTransactionHandles(false));

  it("runs cached statements and gives rows their aliased shape", () => {
    const db = openTestDatabase();
    expect(db.engine).toBe("sqlite");
    expect(db.row<{ answer: number }>('SELECT ? + ? AS "answer"', 40, 2)).toEqual({ answer: 42 });
    expect(db.rows<{ n: number }>("SELECT value AS n FROM json_each('[1,2]')")).toEqual([{ n: 1 }, { n: 2 }]);
    expect(db.values("SELECT 1, 'a'")).toEqual([[1, "a"]]);
    // raw mode stays with `values`: the same text through `rows` still gives objects.
    expect(db.rows("SELECT 1, 'a'")).toEqual([{ 1: 1, "'a'": "a" }]);
    expect([...db.iterate<{ n: number }>("SELECT value AS n FROM json_each('[3]')")]).toEqual([{ n: 3 }]);
  });

  it("gives a transaction its own handle and refuses the database inside it", () => {
    const db = openTestDatabase();
    db.execute("CREATE TABLE t (v INTEGER)");
    const changes = inTransaction(db, (tx) => {
      expect(() => db.row("SELECT 1")).toThrow(/use its handle \(tx\)/);
      expect(() => inTransaction(db, () => 0)).toThrow(/pass the transaction's handle/);
      return tx.execute("INSERT INTO t VALUES (1), (2)").changes;
    });
    expect(changes).toBe(2);
    let kept: Db | undefined;
    inTransaction(db, (tx) => {
      kept = tx;
    });
    expect(() => kept!.row("SELECT 1")).toThrow(/never after it ends/);
  });

  it("rolls back a failed transaction, and a failed savepoint alone", () => {
    const db = openTestDatabase();
    db.execute("CREATE TABLE t (v INTEGER)");
    expect(() =>
      inTransaction(db, (tx) => {
        tx.execute("INSERT INTO t VALUES (1)");
        throw new Error("stop");
      }),
    ).toThrow("stop");
    inTransaction(db, (tx) => {
      tx.execute("INSERT INTO t VALUES (2)");
      expect(() =>
        inTransaction(tx, (inner) => {
          inner.execute("INSERT INTO t VALUES (3)");
          throw new Error("inner");
        }),
      ).toThrow("inner");
    });
    expect(db.rows("SELECT v FROM t")).toEqual([{ v: 2 }]);
  });
});
