/** Rank checkpoints of the unfiltered /Users list: the same pages as OFFSET through every change, their plans. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, sqliteConnectionOf, openDatabase, openTestDatabase, type Db } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { onPostgres } from "@/db/testing/engine";
import { createScimTestEnv, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { SCIM_VISIBLE_USERS } from "./user-queries";
import { FIRST_STEP_SQL, NEXT_STEP_SQL, RANK_STEP, visibleRankStart } from "./visible-user-ranks";

const dir = mkdtempSync(join(tmpdir(), "visible-ranks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The page as OFFSET reads it: what every page must stay equal to. */
const offsetPage = async (db: Db, startIndex: number, count: number): Promise<string[]> =>
  (await db.rows<{ id: string }>(`SELECT id FROM users WHERE ${SCIM_VISIBLE_USERS} ORDER BY ${dialectOf(db.engine).rowid("users")} LIMIT ? OFFSET ?`, count, startIndex - 1)).map((r) => r.id);

const scimPage = async (scim: ScimTestEnv, startIndex: number, count: number): Promise<string[]> => {
  const r = await scim.call("GET", `/Users?startIndex=${startIndex}&count=${count}&attributes=id`);
  expect(r.status).toBe(200);
  return ((r.json.Resources ?? []) as { id: string }[]).map((u) => u.id);
};

/** Pages at ranks before, on and after checkpoints, and past the end; counts that never line up with the previous page. */
async function expectOffsetPages(scim: ScimTestEnv, db: Db = scim.db): Promise<void> {
  const total = (await offsetPage(db, 1, 1_000_000)).length;
  const starts = [1, 2, RANK_STEP, RANK_STEP + 1, RANK_STEP + 2, 2 * RANK_STEP - 5, 2 * RANK_STEP + 1, 3 * RANK_STEP + 17, total - 3, total, total + 1, total + 400];
  for (const [i, start] of starts.entries()) {
    const count = 7 + (i % 5);
    expect(await scimPage(scim, start, count), `startIndex ${start}`).toEqual(await offsetPage(db, start, count));
  }
}

async function createUsers(scim: ScimTestEnv, prefix: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await scim.call("POST", "/Users", userBody(`${prefix}${i}@example.com`));
    expect(r.status).toBe(201);
    ids.push(r.json.id as string);
  }
  return ids;
}

describe("rank checkpoints of the unfiltered /Users list", () => {
  it("give the OFFSET pages after creates, SCIM deletes, Guests, hard deletes and a row inserted before others", async () => {
    const scim = await createScimTestEnv();
    const db = scim.db;
    const ids = await createUsers(scim, "u", 4 * RANK_STEP + 30);
    await expectOffsetPages(scim);
    // A deep page starts right after the user before its rank: the rank path, not the OFFSET fallback.
    const rowid = dialectOf(db.engine).rowid("users");
    const rowidAt = async (offset: number) =>
      (await db.row<{ rowid: number }>(`SELECT ${rowid} AS rowid FROM users WHERE ${SCIM_VISIBLE_USERS} ORDER BY ${rowid} LIMIT 1 OFFSET ?`, offset))?.rowid;
    const start = await visibleRankStart(db, 3 * RANK_STEP + 16);
    expect(start).toEqual({ afterRowid: await rowidAt(3 * RANK_STEP + 15), skip: 0 });
    expect(await visibleRankStart(db, 2 * RANK_STEP)).toEqual({ afterRowid: await rowidAt(2 * RANK_STEP - 1), skip: 0 });
    // Creates come last: the checkpoints found before stay, and pages past them are still right.
    await createUsers(scim, "late", RANK_STEP + 3);
    expect(await visibleRankStart(db, 3 * RANK_STEP + 16)).toEqual(start);
    await expectOffsetPages(scim);
    // A SCIM DELETE early in the list moves everyone after it a rank up.
    expect((await scim.call("DELETE", `/Users/${ids[3]}`)).status).toBe(204);
    await expectOffsetPages(scim);
    await db.execute("UPDATE users SET seat_type = 'Guest' WHERE id = ?", ids[10]!);
    await expectOffsetPages(scim);
    await db.execute("UPDATE users SET seat_type = 'Member' WHERE id = ?", ids[10]!);
    await expectOffsetPages(scim);
    await db.execute("DELETE FROM users WHERE id = ?", ids[20]!);
    await expectOffsetPages(scim);
    const before = (await db.row<{ r: number }>(`SELECT min(${rowid}) AS r FROM users`))!;
    await db.execute(
      onPostgres
        ? "INSERT INTO users (row_seq, id, user_name, user_name_norm, seat_type, resource) OVERRIDING SYSTEM VALUE VALUES (?, 'first', 'first@example.com', 'first@example.com', 'Member', '{}')"
        : "INSERT INTO users (rowid, id, user_name, user_name_norm, seat_type, resource) VALUES (?, 'first', 'first@example.com', 'first@example.com', 'Member', '{}')",
      before.r - 1,
    );
    await expectOffsetPages(scim);
  });

  it("see a change another connection (the CLI) made to the same database", async () => {
    const path = join(dir, "two-connections.db");
    // On PostgreSQL the CLI's connection is a second pool to the same database.
    const server = onPostgres ? await openTestDatabase() : await openDatabase(path, { migrate: true });
    const scim = await createScimTestEnv({ db: server });
    const ids = await createUsers(scim, "c", 3 * RANK_STEP + 5);
    await expectOffsetPages(scim);
    const cli = await openDatabase(onPostgres ? server.location : path);
    await cli.execute("UPDATE users SET scim_deleted_at = 1 WHERE id IN (?, ?)", ids[0]!, ids[RANK_STEP + 1]!);
    await closeDatabase(cli);
    await expectOffsetPages(scim);
    await closeDatabase(server);
  });

  it.skipIf(onPostgres)("each step walks the visible-users index from the checkpoint before (no table rows, no sort)", async () => {
    const { db } = await createScimTestEnv();
    const plan = (sql: string, ...params: unknown[]) =>
      (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("\n");
    expect(plan(FIRST_STEP_SQL.sqlite)).toMatch(/^SEARCH users USING INDEX users_scim_visible_idx \(scim_deleted_at=\?\)$/);
    expect(plan(NEXT_STEP_SQL.sqlite, 0, RANK_STEP - 1)).toMatch(/^SEARCH users USING INDEX users_scim_visible_idx \(scim_deleted_at=\? AND rowid>\?\)$/);
  });

  it("leave a page near the start to OFFSET", async () => {
    const { db } = await createScimTestEnv();
    expect(await visibleRankStart(db, RANK_STEP - 1)).toBeUndefined();
    // An empty list has no checkpoint at all.
    expect(await visibleRankStart(db, 5 * RANK_STEP)).toBeUndefined();
  });
});
