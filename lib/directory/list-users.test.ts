import { describe, expect, it } from "vitest";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { listUsers, listUsersQuerySchema, USER_LIST_ORDER, userListFilter } from "./list-users";
import { setUserSeat } from "./set-user-seat";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "./set-directory-integration";

const LICENSED = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

function directory() {
  const scim = createScimTestEnv();
  const create = (userName: string, extra: Record<string, unknown>) => {
    const res = scim.call("POST", "/Users", userBody(userName, { ...LICENSED, ...extra }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  create("maria.garcia@example.com", { name: { givenName: "María", familyName: "García" }, displayName: "María García" });
  create("jonas.martin@example.com", { name: { givenName: "Jonas", familyName: "Martin" } });
  create("ÅSA.LUND@example.com", { name: { givenName: "Åsa", familyName: "Lund" }, displayName: "Åsa Lund" });
  create("x1@example.com", { displayName: "Anna-Maria Weber", name: { givenName: "Anna-Maria", familyName: "Weber" } });
  return scim;
}

const names = (page: { users: { userName: string }[] }) => page.users.map((u) => u.userName);

describe("the Admin Center users list search", () => {
  it("matches the start of a userName, an email, the name or the family name, in any case", () => {
    const { db } = directory();
    expect(names(listUsers(db, { search: "mar" }))).toEqual(["jonas.martin@example.com", "maria.garcia@example.com"]);
    expect(names(listUsers(db, { search: "MARÍA GAR" }))).toEqual(["maria.garcia@example.com"]);
    expect(names(listUsers(db, { search: "garcía" }))).toEqual(["maria.garcia@example.com"]);
    expect(names(listUsers(db, { search: "åsa" }))).toEqual(["ÅSA.LUND@example.com"]); // Unicode folding, not SQLite's ASCII lower()
    expect(names(listUsers(db, { search: "anna-maria w" }))).toEqual(["x1@example.com"]);
    // A prefix, not a substring: "ria" is inside names but starts none.
    expect(names(listUsers(db, { search: "ria" }))).toEqual([]);
    // LIKE wildcards are plain characters here.
    expect(names(listUsers(db, { search: "%" }))).toEqual([]);
  });

  it("counts every match while returning one page", () => {
    const { db } = directory();
    const page = listUsers(db, { search: "m", pageSize: 1 });
    expect(page.total).toBe(2);
    expect(names(page)).toEqual(["jonas.martin@example.com"]);
    const past = listUsers(db, { search: "m", pageSize: 1, page: 5 });
    expect(past).toMatchObject({ total: 2, users: [] });
  });

  it("searches index ranges, never every row", () => {
    const { db } = directory();
    const { clause, params } = userListFilter(listUsersQuerySchema.parse({ search: "ma", seat: "Member" }));
    const plan = (
      db.$client.prepare(`EXPLAIN QUERY PLAN SELECT *, count(*) OVER () AS total FROM users WHERE ${clause} ${USER_LIST_ORDER}`).all(
        ...params,
        50,
        0,
      ) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join("\n")).toMatch(/MULTI-INDEX OR/);
    for (const index of ["users_user_name_norm_idx", "users_email_norm_idx", "users_name_norm_idx", "users_family_name_norm_idx"]) {
      expect(plan.join("\n")).toContain(index);
    }
    expect(plan.join("\n")).not.toMatch(/SCAN users\b/);
  });

  it("says DI decides the seat while DI is on, without rewriting unchanged users", () => {
    const scim = createScimTestEnv({ directoryIntegration: false });
    const { db } = scim;
    turnOnDirectoryIntegration(db, TEST_ADMIN, Date.now());
    const created = scim.call("POST", "/Users", userBody("ada@example.com", LICENSED));
    expect(created.status).toBe(201);
    turnOffDirectoryIntegration(db, TEST_ADMIN, Date.now());
    const user = () => listUsers(db, { search: "ada" }).users[0]!;
    setUserSeat(db, "ada@example.com", "Contributor", TEST_ADMIN, Date.now());
    expect(user()).toMatchObject({ seatType: "Contributor", seatSetBy: "admin" });
    setUserSeat(db, "ada@example.com", "Member", TEST_ADMIN, Date.now());
    const before = db.$client.prepare("SELECT version, seat_set_by FROM users WHERE user_name_norm = 'ada@example.com'").get();
    turnOnDirectoryIntegration(db, TEST_ADMIN, Date.now());
    // DI agrees with the admin's Member: the row is not written, and the list says DI decides it.
    expect(db.$client.prepare("SELECT version, seat_set_by FROM users WHERE user_name_norm = 'ada@example.com'").get()).toEqual(before);
    expect(user()).toMatchObject({ seatType: "Member", seatSetBy: "di" });
    turnOffDirectoryIntegration(db, TEST_ADMIN, Date.now());
    expect(user()).toMatchObject({ seatType: "Member", seatSetBy: "admin" });
  });
});
