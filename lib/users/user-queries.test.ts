import { describe, expect, it } from "vitest";
import { sqliteConnectionOf, openTestDatabase } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { onPostgres } from "@/db/testing/engine";
import { addGuest } from "@/lib/directory/add-guest";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { EXISTING_USER_IDS_SQL } from "@/lib/groups/group-queries";
import { countUsers, findUserById, mapUserArray, SCIM_VISIBLE_USERS, selectUsers, selectUsersWithGroups } from "./user-queries";

describe("SCIM user list queries", () => {
  it.skipIf(onPostgres)("page an unfiltered list over the visible-users index, not the table", async () => {
    const db = await openTestDatabase();
    const plan = (sql: string, ...params: unknown[]) =>
      (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    const page = plan(`SELECT * FROM users WHERE ${SCIM_VISIBLE_USERS} AND (1) ORDER BY users.rowid LIMIT ? OFFSET ?`, 100, 0);
    for (const detail of page) expect(detail).toMatch(/users_scim_visible_idx/);
  });

  it("keep the unfiltered total in the trigger-kept counter through every change of visibility", async () => {
    const scim = await createScimTestEnv();
    const { db } = scim;
    const counted = async () =>
      (await db.row<{ n: number }>(`SELECT count(*) AS n FROM users WHERE ${SCIM_VISIBLE_USERS}`))!.n;
    const expectTotal = async (n: number) => {
      expect(await counted()).toBe(n);
      expect(await countUsers(db, dialectOf(db.engine).true, [])).toBe(n);
      expect((await scim.call("GET", "/Users?count=1")).json.totalResults).toBe(n);
    };
    await expectTotal(0);
    const ids: string[] = [];
    for (const n of ["a", "b", "c"]) ids.push((await scim.call("POST", "/Users", userBody(`${n}@example.com`))).json.id as string);
    await expectTotal(3);
    await addGuest(db, "guest@partner.example.net", TEST_ADMIN, Date.now()); // Guests are not SCIM's
    await expectTotal(3);
    expect((await scim.call("DELETE", `/Users/${ids[0]}`)).status).toBe(204);
    await expectTotal(2);
    // A rolled-back write leaves the count as it was.
    expect((await scim.call("POST", "/Users", userBody("b@example.com"))).status).toBe(409);
    await expectTotal(2);
    await db.execute("UPDATE users SET seat_type = 'Guest' WHERE id = ?", ids[1]!);
    await expectTotal(1);
    await db.execute("UPDATE users SET seat_type = 'Member' WHERE id = ?", ids[1]!);
    await expectTotal(2);
    await db.execute("DELETE FROM user_emails WHERE user_id = ?", ids[2]!);
    await db.execute("DELETE FROM users WHERE id = ?", ids[2]!);
    await expectTotal(1);
  });
});

describe("queries that name their users", () => {
  it.skipIf(onPostgres)("search the ids' index, never walk the visible-users index", async () => {
    const db = await openTestDatabase();
    const plan = (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${EXISTING_USER_IDS_SQL}`).all("[]") as { detail: string }[]).map((r) => r.detail);
    expect(plan.join("\n")).toMatch(/SEARCH users USING INDEX sqlite_autoindex_users_1 \(id=\?\)/);
    expect(plan.join("\n")).not.toMatch(/users_scim_visible_idx/);
  });
});

describe("a SCIM list page", () => {
  it("reads every column of each user as the single-user reads do (its rows come as arrays)", async () => {
    const scim = await createScimTestEnv();
    const { db } = scim;
    const ids: string[] = [];
    for (const [i, n] of ["p", "q"].entries()) {
      ids.push(
        (await scim.call("POST", "/Users", {
          ...userBody(`${n}@example.com`),
          externalId: `ext-${n}`,
          displayName: `${n} Display`,
          name: { givenName: `${n}-given`, familyName: `${n}-family` },
          emails: [{ value: `${n}.work@example.com`, type: "work", primary: i === 0 }],
        })).json.id as string,
      );
    }
    // Every nullable column a distinct value, so two columns read in each other's place differ.
    await db.execute(
      `UPDATE users SET review_started_at = 11, review_ends_at = 12, reactivation_requested_at = 13, deactivated_at = 14,
         first_sign_in_at = 15, last_sign_in_at = 16, scim_linked_at = 17, pending_override = 1, direct_roles = 'admin' WHERE id = ?`,
      ids[1]!,
    );
    const d = dialectOf(db.engine);
    const page = { where: d.true, params: [], orderBy: d.rowid("users"), limit: 10, offset: 0 };
    const expected = [];
    for (const id of ids) expected.push(await findUserById(db, id));
    expect(await selectUsers(db, page)).toEqual(expected);
    expect((await selectUsersWithGroups(db, page)).map((r) => r.user)).toEqual(expected);
    // The same columns as the table has (a column added to users is added here too); PostgreSQL's
    // row_seq stands in for SQLite's rowid, which no SELECT * shows.
    const columns = Object.keys((await db.row("SELECT * FROM users LIMIT 1"))!).filter((c) => c !== "row_seq");
    expect(Object.keys(mapUserArray(columns.map(() => "{}")))).toHaveLength(columns.length);
  });
});
