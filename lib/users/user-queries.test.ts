import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { addGuest } from "@/lib/directory/add-guest";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { EXISTING_USER_IDS_SQL } from "@/lib/groups/group-queries";
import { countUsers, findUserById, mapUserArray, SCIM_VISIBLE_USERS, selectUsers, selectUsersWithGroups } from "./user-queries";

describe("SCIM user list queries", () => {
  it("page an unfiltered list over the visible-users index, not the table", () => {
    const db = openTestDatabase();
    const plan = (sql: string, ...params: unknown[]) =>
      (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    const page = plan(`SELECT * FROM users WHERE ${SCIM_VISIBLE_USERS} AND (1) ORDER BY users.rowid LIMIT ? OFFSET ?`, 100, 0);
    for (const detail of page) expect(detail).toMatch(/users_scim_visible_idx/);
  });

  it("keep the unfiltered total in the trigger-kept counter through every change of visibility", () => {
    const scim = createScimTestEnv();
    const { db } = scim;
    const counted = () =>
      db.row<{ n: number }>(`SELECT count(*) AS n FROM users WHERE ${SCIM_VISIBLE_USERS}`)!.n;
    const expectTotal = (n: number) => {
      expect(counted()).toBe(n);
      expect(countUsers(db, "1", [])).toBe(n);
      expect(scim.call("GET", "/Users?count=1").json.totalResults).toBe(n);
    };
    expectTotal(0);
    const ids = ["a", "b", "c"].map((n) => scim.call("POST", "/Users", userBody(`${n}@example.com`)).json.id as string);
    expectTotal(3);
    addGuest(db, "guest@partner.example.net", TEST_ADMIN, Date.now()); // Guests are not SCIM's
    expectTotal(3);
    expect(scim.call("DELETE", `/Users/${ids[0]}`).status).toBe(204);
    expectTotal(2);
    // A rolled-back write leaves the count as it was.
    expect(scim.call("POST", "/Users", userBody("b@example.com")).status).toBe(409);
    expectTotal(2);
    db.execute("UPDATE users SET seat_type = 'Guest' WHERE id = ?", ids[1]!);
    expectTotal(1);
    db.execute("UPDATE users SET seat_type = 'Member' WHERE id = ?", ids[1]!);
    expectTotal(2);
    db.execute("DELETE FROM user_emails WHERE user_id = ?", ids[2]!);
    db.execute("DELETE FROM users WHERE id = ?", ids[2]!);
    expectTotal(1);
  });
});

describe("queries that name their users", () => {
  it("search the ids' index, never walk the visible-users index", () => {
    const db = openTestDatabase();
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${EXISTING_USER_IDS_SQL}`).all("[]") as { detail: string }[]).map((r) => r.detail);
    expect(plan.join("\n")).toMatch(/SEARCH users USING INDEX sqlite_autoindex_users_1 \(id=\?\)/);
    expect(plan.join("\n")).not.toMatch(/users_scim_visible_idx/);
  });
});

describe("a SCIM list page", () => {
  it("reads every column of each user as the single-user reads do (its rows come as arrays)", () => {
    const scim = createScimTestEnv();
    const { db } = scim;
    const ids = ["p", "q"].map((n, i) =>
      scim.call("POST", "/Users", {
        ...userBody(`${n}@example.com`),
        externalId: `ext-${n}`,
        displayName: `${n} Display`,
        name: { givenName: `${n}-given`, familyName: `${n}-family` },
        emails: [{ value: `${n}.work@example.com`, type: "work", primary: i === 0 }],
      }).json.id as string,
    );
    // Every nullable column a distinct value, so two columns read in each other's place differ.
    db.execute(
      `UPDATE users SET review_started_at = 11, review_ends_at = 12, reactivation_requested_at = 13, deactivated_at = 14,
         first_sign_in_at = 15, last_sign_in_at = 16, scim_linked_at = 17, pending_override = 1, direct_roles = 'admin' WHERE id = ?`,
      ids[1]!,
    );
    const page = { where: "1", params: [], orderBy: "users.rowid", limit: 10, offset: 0 };
    const expected = ids.map((id) => findUserById(db, id));
    expect(selectUsers(db, page)).toEqual(expected);
    expect(selectUsersWithGroups(db, page).map((r) => r.user)).toEqual(expected);
    // The same columns as the table has (a column added to users is added here too).
    const columns = (db.$client.prepare("SELECT * FROM users LIMIT 1").columns() as { name: string }[]).map((c) => c.name);
    expect(Object.keys(mapUserArray(columns.map(() => "{}")))).toHaveLength(columns.length);
  });
});
