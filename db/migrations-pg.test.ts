/**
 * The PostgreSQL schema and migrations (issue 15) on a real, throw-away PostgreSQL server:
 * drizzle's migrator applies db/migrations-pg, the tables match SQLite's column for column and
 * index for index, and the same writes leave the same trigger-kept counters on both.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "./client";
import { startTestPostgres, type TestPostgres } from "./testing/postgres-server";

const PG_MIGRATIONS = join(process.cwd(), "db", "migrations-pg");

let server: TestPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startTestPostgres();
  pool = new pg.Pool({ connectionString: await server.createDatabase("migrations_test") });
  await migrate(drizzle(pool), { migrationsFolder: PG_MIGRATIONS });
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

async function pgRows<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query(text, params)).rows as T[];
}

describe("PostgreSQL migrations", () => {
  it("make the tables, columns and indexes of SQLite's schema", async () => {
    const sqlite = await openDatabase(":memory:", { migrate: true });
    const sqliteColumns = (await sqlite
      .rows<{ table: string; name: string; notnull: number }>(
        `SELECT m.name AS "table", p.name AS name, p."notnull" AS "notnull"
           FROM sqlite_master m, pragma_table_info(m.name) p
          WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__drizzle%'
          ORDER BY 1, 2`,
      ))
      .map((c) => `${c.table}.${c.name}${c.notnull ? " not null" : ""}`);
    const pgColumns = (
      await pgRows<{ table: string; name: string; nullable: string }>(
        `SELECT table_name AS "table", column_name AS name, is_nullable AS nullable
           FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
      )
    )
      // row_seq stands in for SQLite's rowid (db/schema-pg.ts).
      .filter((c) => c.name !== "row_seq")
      .map((c) => `${c.table}.${c.name}${c.nullable === "NO" ? " not null" : ""}`);
    // SQLite lets a primary key column be NULL unless declared NOT NULL; PostgreSQL never does.
    const withoutPkNullability = (list: string[]) => list.map((c) => c.replace(/ not null$/, ""));
    expect(withoutPkNullability(pgColumns)).toEqual(withoutPkNullability(sqliteColumns));

    const sqliteIndexes = (await sqlite
      .rows<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
      ))
      .map((i) => i.name);
    const pgIndexes = (
      await pgRows<{ name: string }>(
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_pk' ORDER BY 1",
      )
    )
      .map((i) => i.name)
      // PostgreSQL's own: row_seq's, the users list's sorts ending with it (migration 0004),
      // and the searches' trigram indexes (0006).
      .filter((name) => !name.endsWith("_seq_idx") && !name.endsWith("_trgm_idx"));
    expect(pgIndexes).toEqual(sqliteIndexes);
  });

  it("hold fractions only where SQLite's INTEGER column does (db/schema-pg.ts FRACTIONAL_COLUMNS)", async () => {
    const fractional = await pgRows<{ column: string }>(
      `SELECT table_name || '.' || column_name AS "column" FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'double precision' ORDER BY 1`,
    );
    expect(fractional.map((c) => c.column)).toEqual(["activity.duration_ms"]);
  });

  it("compare every text column by its bytes, as SQLite does, whatever the database's locale", async () => {
    const other = await pgRows<{ column: string }>(
      `SELECT table_name || '.' || column_name AS "column" FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'text' AND coalesce(collation_name, '') <> 'C'`,
    );
    expect(other).toEqual([]);
  });

  it("keep the same counters and hourly SCIM totals as SQLite's triggers for the same writes", async () => {
    const sqlite = await openDatabase(":memory:", { migrate: true });
    const writes: [string, (string | number | null)[]][] = [
      ["INSERT INTO users (id, user_name, user_name_norm, resource) VALUES (?, ?, ?, '{}')", ["u1", "Ada", "ada"]],
      ["INSERT INTO users (id, user_name, user_name_norm, resource, seat_type) VALUES (?, ?, ?, '{}', 'Guest')", ["u2", "Bob", "bob"]],
      ["INSERT INTO users (id, user_name, user_name_norm, resource) VALUES (?, ?, ?, '{}')", ["u3", "Cy", "cy"]],
      ["UPDATE users SET seat_type = 'Member' WHERE id = ?", ["u1"]],
      ["UPDATE users SET status = 'deactivated' WHERE id = ?", ["u3"]],
      ["UPDATE users SET scim_deleted_at = 5 WHERE id = ?", ["u3"]],
      ["DELETE FROM users WHERE id = ?", ["u2"]],
      ["INSERT INTO groups (id, display_name, display_name_norm) VALUES ('g1', 'Eng', 'eng')", []],
      ["INSERT INTO group_members (group_id, user_id) VALUES ('g1', 'u1')", []],
      ["UPDATE groups SET display_name = 'Engineering' WHERE id = 'g1'", []],
      ["UPDATE groups SET display_name = 'Engineering' WHERE id = 'g1'", []],
      [
        "INSERT INTO activity (at, kind, actor, action, method, path, status, token_id) VALUES (?, 'scim', 'SCIM token t', 'scim.request', 'GET', '/Users', 200, 't')",
        [7_200_000],
      ],
      [
        "INSERT INTO activity (at, kind, actor, action, method, path, status, token_id, details) VALUES (?, 'scim', 'SCIM token t', 'scim.request', 'POST', '/Users/.search', 429, 't', '{\"count\":4}')",
        [7_300_000],
      ],
      [
        "INSERT INTO activity (at, kind, actor, action, method, path, status, reason) VALUES (?, 'scim', 'anonymous', 'scim.request', 'GET', '/groups/x', 403, 'Directory Integration is off for this plan')",
        [7_400_000],
      ],
      [
        "INSERT INTO activity (at, kind, actor, action, user_id) VALUES (?, 'user', 'SCIM token t', 'user.deactivated', 'u3')",
        [3_600_000],
      ],
      ["UPDATE activity SET status = 500 WHERE method = 'GET' AND path = '/Users'", []],
      ["DELETE FROM activity WHERE kind = 'user'", []],
      // Statements of many rows (0005 keeps inserts and deletes, and activity's updates, once a statement).
      ["INSERT INTO users (id, user_name, user_name_norm, resource, seat_type) VALUES ('u4', 'D', 'd', '{}', 'Contributor'), ('u5', 'E', 'e', '{}', 'Guest'), ('u6', 'F', 'f', '{}', 'Member')", []],
      ["INSERT INTO group_members (group_id, user_id) VALUES ('g1', 'u4'), ('g1', 'u5'), ('g1', 'u6')", []],
      ["DELETE FROM group_members WHERE user_id IN ('u4', 'u5')", []],
      [
        `INSERT INTO activity (at, kind, actor, action, method, path, status, token_id, details) VALUES
          (7200001, 'scim', 'SCIM token t', 'scim.request', 'GET', '/Users/abc', 404, 't', NULL),
          (7200002, 'scim', 'SCIM token t', 'scim.request', 'GET', '/Users/abd', 404, 't', NULL),
          (10800000, 'scim', 'unauthenticated', 'scim.get', 'GET', '/Users', 401, NULL, '{"count":3}'),
          (10800001, 'seat', 'system', 'seat.changed', NULL, NULL, NULL, NULL, NULL),
          (14400000, 'scim', 'SCIM token t', 'scim.request', 'PATCH', '/Groups/g1', 204, 't', NULL)`,
        [],
      ],
      ["UPDATE activity SET details = '{\"count\":9}' WHERE status = 401", []],
      ["UPDATE activity SET status = 200 WHERE path IN ('/Users/abc', '/Users/abd')", []],
      ["DELETE FROM activity WHERE at >= 10800000 AND at < 14400000", []],
      ["DELETE FROM users WHERE id IN ('u4', 'u6')", []],
    ];
    const startOf = async () => ({
      sqlite: Object.fromEntries((await sqlite.rows<{ name: string; value: number }>("SELECT name, value FROM counters")).map((c) => [c.name, c.value])),
      pg: Object.fromEntries((await pgRows<{ name: string; value: string }>("SELECT name, value FROM counters")).map((c) => [c.name, Number(c.value)])),
    });
    const before = await startOf();
    for (const [text, params] of writes) {
      await sqlite.execute(text, ...params);
      let n = 0;
      await pool.query(text.replace(/\?/g, () => `$${++n}`), params);
    }
    const after = await startOf();
    const deltas = (start: Record<string, number>, end: Record<string, number>) =>
      Object.fromEntries(
        Object.keys({ ...start, ...end })
          .sort()
          .map((name) => [name, (end[name] ?? 0) - (start[name] ?? 0)])
          .filter(([, delta]) => delta !== 0),
      );
    const sqliteDeltas = deltas(before.sqlite, after.sqlite);
    expect(deltas(before.pg, after.pg)).toEqual(sqliteDeltas);
    expect(sqliteDeltas).toMatchObject({ scim_visible_users: 1, seat_inputs: 19, "users:active:Member:scim": 1 });

    const hours = "SELECT hour, part, method, path_start AS \"pathStart\", failed, di_off AS \"diOff\", requests FROM activity_hours ORDER BY 1, 2, 3, 4, 5, 6";
    const pgHours = (await pgRows<Record<string, string | number>>(hours)).map((h) => ({
      ...h,
      hour: Number(h.hour),
      failed: Number(h.failed),
      diOff: Number(h.diOff),
      requests: Number(h.requests),
    }));
    expect(pgHours).toEqual(await sqlite.rows(hours));
    expect(pgHours.length).toBe(7);
  });
});

// Keeps the type import used when the file is read alone.
export type { Db };
