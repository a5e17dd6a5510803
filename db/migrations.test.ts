import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, openDatabase } from "./client";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A copy of the committed migrations up to and including `last` (an upgrade's starting point). */
function migrationsUpTo(last: number): string {
  const folder = join(dir!, `migrations-${last}`);
  mkdirSync(join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  return folder;
}

describe("upgrading a database with users to migration 0001", () => {
  it("fills the name search columns and the visible-users counter from the rows already there", () => {
    dir = mkdtempSync(join(tmpdir(), "migrations-"));
    const path = join(dir, "db.sqlite");
    const old = openDatabase(path, { migrate: true, migrationsFolder: migrationsUpTo(0) });
    const insert = old.$client.prepare(
      `INSERT INTO users (id, user_name, user_name_norm, display_name, given_name, family_name, seat_type, scim_deleted_at, resource)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')`,
    );
    insert.run("u1", "asa@example.com", "asa@example.com", "Åsa Lund", "Åsa", "Lund", "Member", null);
    insert.run("u2", "bo@example.com", "bo@example.com", null, "Bo", "Ek", "Contributor", null);
    insert.run("u3", "cy@example.com", "cy@example.com", null, null, null, "Contributor", Date.now()); // SCIM-deleted
    insert.run("u4", "g@partner.example.net", "g@partner.example.net", null, null, "Gast", "Guest", null);
    old.$client.close();

    const db = openDatabase(path, { migrate: true });
    try {
      const rows = db.$client.prepare("SELECT id, name_norm, family_name_norm FROM users ORDER BY id").all();
      expect(rows).toEqual([
        { id: "u1", name_norm: "åsa lund", family_name_norm: "lund" },
        { id: "u2", name_norm: "bo ek", family_name_norm: "ek" },
        { id: "u3", name_norm: null, family_name_norm: null },
        { id: "u4", name_norm: "gast", family_name_norm: "gast" },
      ]);
      expect(db.$client.prepare("SELECT value FROM counters WHERE name = 'scim_visible_users'").get()).toEqual({ value: 2 });
    } finally {
      db.$client.close();
    }
  });
});
