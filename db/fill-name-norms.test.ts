import { describe, expect, it } from "vitest";
import { sqliteConnectionOf, openTestDatabase, type Db } from "./client";
import { fillNameNorms, MAY_LACK_NAME_NORMS } from "./fill-name-norms";
import { nameNormsOf } from "./name-norms";

async function withUsers(rows: [id: string, display: string | null, given: string | null, family: string | null][]) {
  const db = await openTestDatabase();
  for (const [id, display, given, family] of rows) {
    await db.execute(
      `INSERT INTO users (id, user_name, user_name_norm, display_name, given_name, family_name, resource, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, '{}', 3, 1000, 2000)`,
      id,
      `${id}@example.com`,
      `${id}@example.com`,
      display,
      given,
      family,
    );
  }
  return db;
}

const stored = (db: Db) =>
  db.rows("SELECT id, name_norm, family_name_norm, version, updated_at FROM users ORDER BY id");

describe("nameNormsOf", () => {
  it("is the display name, else 'given family', and the family name, folded by JavaScript", () => {
    expect(nameNormsOf("Åsa LUND", "x", "Lund")).toEqual({ nameNorm: "åsa lund", familyNameNorm: "lund" });
    expect(nameNormsOf(null, "İlker", "ÖZ")).toEqual({ nameNorm: "i̇lker öz", familyNameNorm: "öz" });
    expect(nameNormsOf(null, null, "Ek")).toEqual({ nameNorm: "ek", familyNameNorm: "ek" });
    expect(nameNormsOf(null, " ", "\t")).toEqual({ nameNorm: null, familyNameNorm: "\t" });
    expect(nameNormsOf(null, null, null)).toEqual({ nameNorm: null, familyNameNorm: null });
  });
});

describe("fillNameNorms", () => {
  it("fills missing norms with Unicode folding, without touching version or updated_at, once", async () => {
    const db = await withUsers([
      ["u1", "ÅSA Lund", null, null],
      ["u2", null, "İlker", "ÖZ"],
      ["u3", null, null, null],
      ["u4", null, null, "Ek"],
      ["u5", null, " ", "\t"],
    ]);
    expect(fillNameNorms(sqliteConnectionOf(db))).toBe(4);
    expect(await stored(db)).toEqual([
      { id: "u1", name_norm: "åsa lund", family_name_norm: null, version: 3, updated_at: 2000 },
      { id: "u2", name_norm: "i̇lker öz", family_name_norm: "öz", version: 3, updated_at: 2000 },
      { id: "u3", name_norm: null, family_name_norm: null, version: 3, updated_at: 2000 },
      { id: "u4", name_norm: "ek", family_name_norm: "ek", version: 3, updated_at: 2000 },
      { id: "u5", name_norm: null, family_name_norm: "\t", version: 3, updated_at: 2000 },
    ]);
    expect(fillNameNorms(sqliteConnectionOf(db))).toBe(0);
  });

  it("writes nothing for names that fold to no name, however often it runs", async () => {
    const db = await withUsers([["u1", null, " ", null]]);
    const changes = async () => (await db.row<{ n: number }>("SELECT total_changes() AS n"))!.n;
    const before = await changes();
    expect(fillNameNorms(sqliteConnectionOf(db))).toBe(0);
    expect(fillNameNorms(sqliteConnectionOf(db))).toBe(0);
    expect(await changes()).toBe(before);
    expect(await stored(db)).toEqual([{ id: "u1", name_norm: null, family_name_norm: null, version: 3, updated_at: 2000 }]);
  });

  it("finds what is missing in a partial index that is empty once filled, not by a table scan", async () => {
    const db = await openTestDatabase();
    const missing = (await db.rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${MAY_LACK_NAME_NORMS}`)).map((r) => r.detail);
    expect(missing).toEqual(["SCAN users USING INDEX users_name_norm_missing_idx"]);
  });
});
