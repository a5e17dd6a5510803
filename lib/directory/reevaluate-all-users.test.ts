import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, sqliteConnectionOf, inTransaction, openDatabase, type Db } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { onPostgres } from "@/db/testing/engine";
import { recordActivity } from "../activity/record-activity";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { DAY_MS } from "@/lib/seats";
import { summariseChanges } from "./preview-reevaluation";
import {
  reevaluateAllUsers,
  REEVALUATION_ACTIVITY_INSERT,
  REEVALUATION_SEAT_UPDATE,
  REEVALUATION_SETTLE_UPDATE,
} from "./reevaluate-all-users";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";
import { applySeatDecisions, decideAllSeats, withUserNames } from "./sync-user-seats";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const NOW = Date.UTC(2026, 5, 1);
const CAUSE: SeatCause = { kind: "admin", admin: "admin@example.com" };

/**
 * A directory where a re-evaluation makes every kind of write: seats that go up and down, a
 * review that ends, a pending manual change replaced and one confirmed. Saved to a file (on
 * PostgreSQL, left as a database to copy), so the same state can be re-evaluated twice.
 */
async function seededFile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "reevaluate-"));
  dirs.push(dir);
  const scim = await createScimTestEnv();
  const licensed = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };
  for (let i = 0; i < 40; i++) {
    const res = await scim.call("POST", "/Users", userBody(`user${i}@example.com`, i % 2 === 0 ? licensed : {}));
    expect(res.status).toBe(201);
  }
  const set = async (sql: string, ...ids: number[]) =>
    scim.db.execute(`UPDATE users SET ${sql} WHERE user_name IN ${dialectOf(scim.db.engine).jsonTextValues("?")}`, JSON.stringify(ids.map((i) => `user${i}@example.com`)));
  // Licensed, shown as Contributor: up. Unlicensed, shown as Member by DI: down.
  await set("seat_type = 'Contributor', seat_set_by = 'default'", 0, 2, 4, 6);
  await set("seat_type = 'Member', seat_set_by = 'di'", 1, 3, 5);
  // A licensed user in review: DI makes them a Member and the review ends.
  await set(`seat_type = 'Provisional Member', seat_set_by = 'system', review_started_at = ${NOW - DAY_MS}, review_ends_at = ${NOW + 10 * DAY_MS}`, 8, 10);
  // An admin's pending change DI replaces, and one DI confirms (the seat it would set anyway).
  await set("seat_type = 'Contributor', seat_set_by = 'admin', pending_override = 1", 12, 14);
  await set("seat_type = 'Member', seat_set_by = 'admin', pending_override = 1", 16, 18);
  if (onPostgres) {
    await closeDatabase(scim.db);
    return scim.db.location;
  }
  const path = join(dir, "seeded.db");
  sqliteConnectionOf(scim.db).prepare("VACUUM INTO ?").run(path);
  await closeDatabase(scim.db);
  return path;
}

/** A copy of the seeded file, or on PostgreSQL of the seeded database (CREATE DATABASE … TEMPLATE, as the run's own test databases are made). */
async function copyOf(seeded: string, name: string): Promise<Db> {
  if (onPostgres) {
    const url = new URL(seeded);
    const copy = `${url.pathname.slice(1)}_${name.replace(/\W/g, "_")}`;
    // Not through the Sql seam, which runs every statement in a transaction: CREATE DATABASE refuses one.
    const admin = new pg.Client({ connectionString: Object.assign(new URL(seeded), { pathname: "/postgres" }).toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${url.pathname.slice(1)}`).finally(() => admin.end());
    return openDatabase(Object.assign(url, { pathname: `/${copy}` }).toString());
  }
  const copy = join(seeded, "..", name);
  copyFileSync(seeded, copy);
  return openDatabase(copy);
}

const closeCopy = (db: Db) => closeDatabase(db);

/** What the re-evaluation wrote before its writes became one statement each: a statement per user. */
async function reevaluatePerUser(db: Db) {
  return inTransaction(db, async (tx) => {
    const { total, decided } = await decideAllSeats(tx, true, NOW);
    const changes = await applySeatDecisions(tx, decided, CAUSE, NOW);
    const summary = summariseChanges(changes, total, 20);
    await recordActivity(tx, {
      at: NOW,
      kind: "seat",
      actor: actorOf(CAUSE),
      action: "seat.reevaluated",
      reason: `Re-evaluated ${total} active users: ${summary.upgrades} up, ${summary.downgrades} down, ${summary.unchanged} unchanged`,
      details: { ...causeDetails(CAUSE), upgrades: summary.upgrades, downgrades: summary.downgrades, unchanged: summary.unchanged },
    });
    return { ...summary, changes: await withUserNames(tx, summary.changes) };
  });
}

const dump = async (db: Db) => ({
  users: await db.rows("SELECT * FROM users ORDER BY id"),
  activity: await db.rows("SELECT * FROM activity ORDER BY id"),
  counters: await db.rows("SELECT * FROM counters ORDER BY name"),
});

describe("reevaluateAllUsers", () => {
  it("writes exactly what one statement per user wrote: rows, activity in order, counters", async () => {
    const seeded = await seededFile();
    const perUser = await copyOf(seeded, "per-user.db");
    const batched = await copyOf(seeded, "batched.db");
    const expected = await reevaluatePerUser(perUser);
    const result = await reevaluateAllUsers(batched, CAUSE, NOW);
    expect(result).toEqual(expected);
    const before = await dump(perUser);
    expect(await dump(batched)).toEqual(before);
    // The fixture reaches every branch: without them the comparison would prove little.
    const actions = new Set((before.activity as { action: string }[]).map((a) => a.action));
    expect([...actions].filter((a) => a.startsWith("seat."))).toEqual(
      expect.arrayContaining(["seat.changed", "seat.override_replaced", "seat.override_confirmed", "seat.reevaluated"]),
    );
    expect(expected.upgrades).toBeGreaterThan(0);
    expect(expected.downgrades).toBeGreaterThan(0);
    const reviews = await batched.row<{ n: number }>(
      "SELECT count(*) AS n FROM users WHERE user_name IN ('user8@example.com', 'user10@example.com') AND review_ends_at IS NULL AND seat_type = 'Member'",
    );
    expect(reviews?.n).toBe(2);
    await closeCopy(perUser);
    await closeCopy(batched);
  });

  it.skipIf(onPostgres)("finds each decided user by its id, one index lookup each (the plans the batch relies on)", async () => {
    const db = await copyOf(await seededFile(), "plans.db");
    const plan = (sql: string, ...params: unknown[]) =>
      (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    for (const update of [plan(REEVALUATION_SEAT_UPDATE.sqlite, 0, "[]"), plan(REEVALUATION_SETTLE_UPDATE.sqlite, "[]")]) {
      expect(update).toContainEqual(expect.stringMatching(/^SCAN d\b/));
      expect(update).toContainEqual(expect.stringMatching(/^SEARCH users USING (COVERING )?INDEX sqlite_autoindex_users_1 \(id=\?\)/));
      expect(update.some((d) => /^SCAN users/.test(d))).toBe(false);
    }
    expect(plan(REEVALUATION_ACTIVITY_INSERT.sqlite, 0, "", "", "[]").some((d) => /^SCAN activity|^SCAN users/.test(d))).toBe(false);
    await closeDatabase(db);
  });
});
