/**
 * The committed migrations, applied the ways they meet the world: drizzle's own migrator
 * on a bare connection (drizzle-kit migrate does the same), each file as a plain SQL script
 * (the sqlite3 shell), an upgrade from migration 0000, and an upgrade of a database that
 * applied migration 0001 as it was first committed (with the backfill in its SQL).
 */
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, sqliteConnectionOf, MIGRATIONS_FOLDER, openDatabase } from "./client";
import { fillNameNorms } from "./fill-name-norms";

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
  entries: JournalEntry[];
};

/** What migration 0001 was when deployed databases applied it (it called scim_lower). */
const DEPLOYED_0001 = join(__dirname, "test-fixtures", "0001_search_and_counters.as-deployed.sql");

const COUNTER_TRIGGERS = ["users_count_delete", "users_count_insert", "users_count_update"];
/** Migration 0010's triggers: the Users and Activity pages' counters (issue 13). */
const PAGE_COUNTER_TRIGGERS = [
  "activity_counters_delete",
  "activity_counters_insert",
  "activity_counters_update",
  "users_counters_delete",
  "users_counters_insert",
  "users_counters_update",
];
/** Migration 0011's triggers: SCIM requests per hour (Overview) and the seat inputs' change counter (the DI preview). */
const OVERVIEW_TRIGGERS = [
  "activity_hours_delete",
  "activity_hours_insert",
  "activity_hours_update",
  "seat_inputs_groups_rename",
  "seat_inputs_mappings_delete",
  "seat_inputs_mappings_insert",
  "seat_inputs_mappings_update",
  "seat_inputs_members_delete",
  "seat_inputs_members_insert",
  "seat_inputs_users_delete",
  "seat_inputs_users_insert",
  "seat_inputs_users_update",
];

/** Migration 0014's triggers: the counter the random pages' rank checkpoints key on (lib/users/visible-user-ranks.ts). */
const SHIFT_TRIGGERS = ["users_visible_shift_delete", "users_visible_shift_insert", "users_visible_shift_update"];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "migrations-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A migrations folder holding the committed journal up to and including `last`, with the
 * files given in `replace` instead of the committed ones (by tag).
 */
function migrationsUpTo(last: number, replace: Record<string, string> = {}): string {
  const folder = join(dir, `migrations-${last}`);
  mkdirSync(join(folder, "meta"), { recursive: true });
  const entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(replace[e.tag] ?? join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  return folder;
}

/** drizzle's migrator on a bare connection: no pragmas, no functions of ours unless given. */
function migrateBare(path: string, migrationsFolder: string, functions: { scimLower?: boolean } = {}): void {
  const sqlite = new Database(path);
  try {
    if (functions.scimLower) {
      // As db/client.ts defined it when migration 0001 first shipped.
      sqlite.function("scim_lower", { deterministic: true }, (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v));
    }
    migrate(drizzle(sqlite), { migrationsFolder });
  } finally {
    sqlite.close();
  }
}

const sqliteObjects = (sqlite: Database.Database, type: string): string[] =>
  (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = ? ORDER BY name").all(type) as { name: string }[]).map((r) => r.name);

const visibleCount = (sqlite: Database.Database): unknown =>
  sqlite.prepare("SELECT value FROM counters WHERE name = 'scim_visible_users'").get();

const INSERT_0000_USER = `INSERT INTO users (id, user_name, user_name_norm, display_name, given_name, family_name, seat_type, scim_deleted_at, resource)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')`;

/** The users of the 0000 upgrade tests: a Unicode name, given+family only, SCIM-deleted, a Guest. */
function insert0000Users(sqlite: Database.Database): void {
  const insert = sqlite.prepare(INSERT_0000_USER);
  insert.run("u1", "asa@example.com", "asa@example.com", "Åsa Lund", "Åsa", "Lund", "Member", null);
  insert.run("u2", "bo@example.com", "bo@example.com", null, "Bo", "Ek", "Contributor", null);
  insert.run("u3", "cy@example.com", "cy@example.com", null, null, null, "Contributor", Date.now()); // SCIM-deleted
  insert.run("u4", "g@partner.example.net", "g@partner.example.net", null, null, "Gast", "Guest", null);
}

const EXPECTED_0000_NORMS = [
  { id: "u1", name_norm: "åsa lund", family_name_norm: "lund" },
  { id: "u2", name_norm: "bo ek", family_name_norm: "ek" },
  { id: "u3", name_norm: null, family_name_norm: null },
  { id: "u4", name_norm: "gast", family_name_norm: "gast" },
];

const norms = (sqlite: Database.Database): unknown[] =>
  sqlite.prepare("SELECT id, name_norm, family_name_norm FROM users ORDER BY id").all();

describe("the committed migrations", () => {
  it("apply with drizzle's own migrator on a bare better-sqlite3 connection", () => {
    const path = join(dir, "bare.sqlite");
    migrateBare(path, MIGRATIONS_FOLDER);

    const sqlite = new Database(path);
    try {
      const applied = sqlite.prepare("SELECT created_at FROM __drizzle_migrations ORDER BY created_at").all() as { created_at: number }[];
      expect(applied.map((r) => Number(r.created_at))).toEqual(journal.entries.map((e) => e.when));
      expect(sqliteObjects(sqlite, "trigger")).toEqual([...COUNTER_TRIGGERS, ...PAGE_COUNTER_TRIGGERS, ...OVERVIEW_TRIGGERS, ...SHIFT_TRIGGERS].sort());
      expect(visibleCount(sqlite)).toEqual({ value: 0 });
      // The triggers keep the counter on this bare connection too.
      sqlite.prepare(INSERT_0000_USER).run("u1", "a@example.com", "a@example.com", null, null, null, "Member", null);
      sqlite.prepare(INSERT_0000_USER).run("u2", "g@example.net", "g@example.net", null, null, null, "Guest", null);
      expect(visibleCount(sqlite)).toEqual({ value: 1 });
    } finally {
      sqlite.close();
    }
  });

  it("apply as plain SQL scripts, file by file (the sqlite3 shell), to the schema the migrator makes", () => {
    const viaMigrator = join(dir, "migrator.sqlite");
    migrateBare(viaMigrator, MIGRATIONS_FOLDER);
    const script = new Database(":memory:");
    const migrated = new Database(viaMigrator);
    try {
      for (const e of journal.entries) script.exec(readFileSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), "utf8"));
      const schemaOf = (sqlite: Database.Database) =>
        sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE instr(name, '__drizzle_migrations') = 0 ORDER BY type, name").all();
      expect(schemaOf(script)).toEqual(schemaOf(migrated));
      expect(visibleCount(script)).toEqual({ value: 0 });
    } finally {
      script.close();
      migrated.close();
    }
  });
});

describe("upgrading a database with users to migration 0001", () => {
  it("fills the name search columns and the visible-users counter from the rows already there", async () => {
    const path = join(dir, "db.sqlite");
    migrateBare(path, migrationsUpTo(0));
    const old = new Database(path);
    insert0000Users(old);
    old.close();

    const db = await openDatabase(path, { migrate: true });
    try {
      const rows = sqliteConnectionOf(db).prepare("SELECT id, name_norm, family_name_norm FROM users ORDER BY id").all();
      expect(rows).toEqual(EXPECTED_0000_NORMS);
      expect(sqliteConnectionOf(db).prepare("SELECT value FROM counters WHERE name = 'scim_visible_users'").get()).toEqual({ value: 2 });
    } finally {
      await closeDatabase(db);
    }
  });

  it("when another tool applied the migrations, the app's next start fills the names", async () => {
    const path = join(dir, "db.sqlite");
    migrateBare(path, migrationsUpTo(0));
    const old = new Database(path);
    insert0000Users(old);
    old.close();
    migrateBare(path, MIGRATIONS_FOLDER); // e.g. drizzle-kit migrate: no code runs

    const between = new Database(path);
    expect(norms(between).filter((r) => (r as { name_norm: unknown }).name_norm !== null)).toEqual([]);
    expect(visibleCount(between)).toEqual({ value: 2 });
    between.close();

    const db = await openDatabase(path, { migrate: true });
    try {
      expect(norms(sqliteConnectionOf(db))).toEqual(EXPECTED_0000_NORMS);
      expect(fillNameNorms(sqliteConnectionOf(db))).toBe(0);
    } finally {
      await closeDatabase(db);
    }
  });
});

describe("upgrading a database that applied migration 0001 as first committed", () => {
  it("applies the rest without error or double work: counter, triggers and names as they were", async () => {
    const path = join(dir, "deployed.sqlite");
    const deployed0001 = { "0001_search_and_counters": DEPLOYED_0001 };
    migrateBare(path, migrationsUpTo(0));
    const at0000 = new Database(path);
    insert0000Users(at0000);
    at0000.close();
    migrateBare(path, migrationsUpTo(1, deployed0001), { scimLower: true });

    const before = new Database(path);
    // Written by the app after the old 0001: norms filled by the writer, counted by the trigger.
    before
      .prepare(
        `INSERT INTO users (id, user_name, user_name_norm, display_name, name_norm, seat_type, resource)
         VALUES ('u5', 'eve@example.com', 'eve@example.com', 'ÉVE', 'éve', 'Member', '{}')`,
      )
      .run();
    const triggersBefore = before.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    const usersBefore = before.prepare("SELECT * FROM users ORDER BY id").all();
    expect(visibleCount(before)).toEqual({ value: 3 });
    before.close();

    const db = await openDatabase(path, { migrate: true });
    try {
      const applied = sqliteConnectionOf(db).prepare("SELECT created_at FROM __drizzle_migrations ORDER BY created_at").all() as { created_at: number }[];
      expect(applied.map((r) => Number(r.created_at))).toEqual(journal.entries.map((e) => e.when));
      expect(
        sqliteConnectionOf(db).prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'users_count\\_%' ESCAPE '\\' ORDER BY name").all(),
      ).toEqual(triggersBefore);
      // Columns later migrations add (0012: scim_linked_at) start empty; everything else is as it was.
      const usersAfter = sqliteConnectionOf(db).prepare("SELECT * FROM users ORDER BY id").all() as Record<string, unknown>[];
      expect(usersAfter.map((u) => u.scim_linked_at)).toEqual(usersBefore.map(() => null));
      expect(usersAfter.map(({ scim_linked_at: _added, ...rest }) => rest)).toEqual(usersBefore);
      expect(norms(sqliteConnectionOf(db))).toEqual([...EXPECTED_0000_NORMS, { id: "u5", name_norm: "éve", family_name_norm: null }]);
      expect(visibleCount(sqliteConnectionOf(db))).toEqual({ value: 3 });
      expect(sqliteConnectionOf(db).prepare("SELECT count(*) AS n FROM counters WHERE name NOT LIKE 'users:%' AND name NOT IN ('seat_inputs', 'scim_visible_shifts')").get()).toEqual({ n: 1 });
      // Migration 0010 backfilled the Users page's counters from the rows already there.
      const usersCounted = () =>
        (sqliteConnectionOf(db).prepare("SELECT sum(value) AS n FROM counters WHERE name LIKE 'users:%'").get() as { n: number }).n;
      expect(usersCounted()).toBe((sqliteConnectionOf(db).prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n);
      // Each trigger fires once per change, not twice.
      sqliteConnectionOf(db).prepare(INSERT_0000_USER).run("u6", "fay@example.com", "fay@example.com", null, null, null, "Member", null);
      expect(visibleCount(sqliteConnectionOf(db))).toEqual({ value: 4 });
      expect(usersCounted()).toBe((sqliteConnectionOf(db).prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n);
    } finally {
      await closeDatabase(db);
    }
  });
});
