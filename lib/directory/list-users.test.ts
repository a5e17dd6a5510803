import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteConnectionOf, openDatabase, openTestDatabase, type Db } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { onPostgres } from "@/db/testing/engine";
import { createScimTestEnv, groupBody, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { addGuest } from "./add-guest";
import {
  countSeats,
  countUsers,
  iterateUsers,
  listUserCounters,
  listUsersWithCounters,
  listUsers,
  listUsersQuerySchema,
  pageRowidsSql,
  PENDING_ROWIDS_SQL,
  USER_LIST_ORDER,
  USER_SORTS,
  userListFilter,
  userListSql,
  type ListUsersQuery,
} from "./list-users";
import { signInPlanUser } from "./sign-in-plan-user";
import { setUserSeat } from "./set-user-seat";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "./set-directory-integration";

const LICENSED = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

async function directory() {
  const scim = await createScimTestEnv();
  const create = async (userName: string, extra: Record<string, unknown>) => {
    const res = await scim.call("POST", "/Users", userBody(userName, { ...LICENSED, ...extra }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  await create("maria.garcia@example.com", { name: { givenName: "María", familyName: "García" }, displayName: "María García" });
  await create("jonas.martin@example.com", { name: { givenName: "Jonas", familyName: "Martin" } });
  await create("ÅSA.LUND@example.com", { name: { givenName: "Åsa", familyName: "Lund" }, displayName: "Åsa Lund" });
  await create("x1@example.com", { displayName: "Anna-Maria Weber", name: { givenName: "Anna-Maria", familyName: "Weber" } });
  return scim;
}

const names = (page: { users: { userName: string }[] }) => page.users.map((u) => u.userName);

/** The index each sort reads (db/schema.ts, migration 0006). */
const SORT_INDEX = {
  name: "users_name_norm_idx",
  email: "users_email_norm_idx",
  seat: "users_seat_rank_idx",
  status: "users_status_idx",
  source: "users_source_idx",
  firstSignIn: "users_first_sign_in_idx",
  lastSignIn: "users_last_sign_in_idx",
} as const;

describe("the Admin Center users list search", () => {
  it("matches the start of a userName, an email, the name or the family name, in any case", async () => {
    const { db } = await directory();
    expect(names(await listUsers(db, { search: "mar" }))).toEqual(["jonas.martin@example.com", "maria.garcia@example.com"]);
    expect(names(await listUsers(db, { search: "MARÍA GAR" }))).toEqual(["maria.garcia@example.com"]);
    expect(names(await listUsers(db, { search: "garcía" }))).toEqual(["maria.garcia@example.com"]);
    expect(names(await listUsers(db, { search: "åsa" }))).toEqual(["ÅSA.LUND@example.com"]); // Unicode folding, not SQLite's ASCII lower()
    expect(names(await listUsers(db, { search: "anna-maria w" }))).toEqual(["x1@example.com"]);
    // A prefix, not a substring: "ria" is inside names but starts none.
    expect(names(await listUsers(db, { search: "ria" }))).toEqual([]);
    // LIKE wildcards are plain characters here.
    expect(names(await listUsers(db, { search: "%" }))).toEqual([]);
  });

  it("counts every match while returning one page", async () => {
    const { db } = await directory();
    const page = await listUsers(db, { search: "m", pageSize: 1 });
    expect(page.total).toBe(2);
    expect(names(page)).toEqual(["jonas.martin@example.com"]);
    const past = await listUsers(db, { search: "m", pageSize: 1, page: 5 });
    expect(past).toMatchObject({ total: 2, users: [] });
  });

  it.skipIf(onPostgres)("searches index ranges, never every row", async () => {
    const { db } = await directory();
    const { clause, params } = userListFilter(listUsersQuerySchema.parse({ search: "ma", seat: "Member" }), { dialect: dialectOf("sqlite") });
    const plan = (
      sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN SELECT *, count(*) OVER () AS total FROM users WHERE ${clause} ${USER_LIST_ORDER}`).all(
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

  it("says DI decides the seat while DI is on, without rewriting unchanged users", async () => {
    const scim = await createScimTestEnv({ directoryIntegration: false });
    const { db } = scim;
    await turnOnDirectoryIntegration(db, TEST_ADMIN, Date.now());
    const created = await scim.call("POST", "/Users", userBody("ada@example.com", LICENSED));
    expect(created.status).toBe(201);
    await turnOffDirectoryIntegration(db, TEST_ADMIN, Date.now());
    const user = async () => (await listUsers(db, { search: "ada" })).users[0]!;
    await setUserSeat(db, "ada@example.com", "Contributor", TEST_ADMIN, Date.now());
    expect(await user()).toMatchObject({ seatType: "Contributor", seatSetBy: "admin" });
    await setUserSeat(db, "ada@example.com", "Member", TEST_ADMIN, Date.now());
    const before = await db.row("SELECT version, seat_set_by FROM users WHERE user_name_norm = 'ada@example.com'");
    await turnOnDirectoryIntegration(db, TEST_ADMIN, Date.now());
    // DI agrees with the admin's Member: the row is not written, and the list says DI decides it.
    expect(await db.row("SELECT version, seat_set_by FROM users WHERE user_name_norm = 'ada@example.com'")).toEqual(before);
    expect(await user()).toMatchObject({ seatType: "Member", seatSetBy: "di" });
    await turnOffDirectoryIntegration(db, TEST_ADMIN, Date.now());
    expect(await user()).toMatchObject({ seatType: "Member", seatSetBy: "admin" });
  });
});

describe("the users page's counters (issue 13: a counter, clicked, lists exactly what it counts)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** One user of every kind a counter could miscount, on a real SQLite file (or the PostgreSQL run's database). */
  async function everyKind() {
    const dir = mkdtempSync(join(tmpdir(), "counters-"));
    dirs.push(dir);
    const db = onPostgres ? await openTestDatabase() : await openDatabase(join(dir, "db.sqlite"), { migrate: true });
    const scim = await createScimTestEnv({ db });
    const create = async (userName: string, extra: Record<string, unknown> = {}) => {
      const res = await scim.call("POST", "/Users", userBody(userName, extra));
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json.id as string;
    };
    await create("member@example.com", LICENSED);
    const leaver = await create("leaver@example.com", LICENSED);
    expect((await scim.call("PATCH", `/Users/${leaver}`, patchBody({ op: "replace", path: "active", value: false }))).status).toBe(200);
    await create("waiting@example.com");
    // The IdP deleted them before they ever signed in: no role, no group, never signed in.
    const gone = await create("gone-before-sign-in@example.com");
    expect((await scim.call("DELETE", `/Users/${gone}`)).status).toBe(204);
    const goneMember = await create("gone-member@example.com", LICENSED);
    expect((await scim.call("DELETE", `/Users/${goneMember}`)).status).toBe(204);
    await create("waiting-no-access@example.com");
    await setUserSeat(scim.db, "waiting-no-access@example.com", "No Access", TEST_ADMIN, Date.now());
    const grouped = await create("grouped@example.com");
    expect((await scim.call("POST", "/Groups", groupBody("Everyone", [grouped]))).status).toBe(201);
    await create("signed-in@example.com");
    await signInPlanUser(scim.db, { email: "signed-in@example.com", method: "saml", now: Date.now() });
    await addGuest(scim.db, "guest@partner.example", TEST_ADMIN, Date.now());
    return scim.db;
  }

  const userNames = async (db: Db, query: ListUsersQuery) => names(await listUsers(db, { ...query, pageSize: 500 })).sort();

  it("counts each counter's own list, the users the IdP deleted before signing in among the deactivated", async () => {
    const db = await everyKind();
    const counters = await listUserCounters(db);
    expect(counters.map((c) => c.key)).toEqual(["Member", "Provisional Member", "Contributor", "Guest", "No Access", "deactivated", "notSignedInYet"]);
    for (const c of counters) expect((await listUsers(db, c.filter)).total, c.key).toBe(c.count);
    expect(Object.fromEntries(counters.map((c) => [c.key, c.count]))).toEqual({
      Member: 1,
      "Provisional Member": 0,
      Contributor: 3,
      Guest: 1,
      "No Access": 1,
      deactivated: 3,
      notSignedInYet: 2,
    });
    expect(await countSeats(db)).toEqual(Object.fromEntries(counters.map((c) => [c.key, c.count])));
    // The Users screen's read: the same page and counters, the shared counts read once.
    for (const query of [{}, { status: "deactivated" }, { pending: "only" }, { seat: "Contributor" }] as const) {
      expect(await listUsersWithCounters(db, query), JSON.stringify(query)).toEqual({ ...(await listUsers(db, query)), counters });
    }
    const deactivated = counters.find((c) => c.key === "deactivated")!;
    expect(await userNames(db, deactivated.filter)).toEqual(["gone-before-sign-in@example.com", "gone-member@example.com", "leaver@example.com"]);
    // The Status filter alone, in the main list, shows the same users.
    expect(await userNames(db, { status: "deactivated" })).toEqual(await userNames(db, deactivated.filter));
    expect(await userNames(db, { pending: "only" })).toEqual(["waiting-no-access@example.com", "waiting@example.com"]);
  });

  it("leaves only the active users not signed in yet out of the main list, so the lists add up to every user", async () => {
    const db = await everyKind();
    const all = await userNames(db, { pending: "include" });
    expect(all).toHaveLength(9);
    expect([...await userNames(db, {}), ...await userNames(db, { pending: "only" })].sort()).toEqual(all);
    // The CLI's --pending flag still means "only them", and its absence "leave them out".
    expect(await userNames(db, { pending: true })).toEqual(await userNames(db, { pending: "only" }));
    expect(await userNames(db, { pending: false })).toEqual(await userNames(db, {}));
    // A user who signs in leaves "not signed in yet" and joins the main list and its counters.
    await signInPlanUser(db, { email: "waiting@example.com", method: "saml", now: Date.now() });
    expect(await userNames(db, { pending: "only" })).toEqual(["waiting-no-access@example.com"]);
    for (const c of await listUserCounters(db)) expect(await countUsers(db, c.filter), c.key).toBe(c.count);
  });
});

describe("the users list's sort orders (issue 13)", () => {
  const plan = (db: Db, query: ListUsersQuery) => {
    const { sql, params } = userListSql(listUsersQuerySchema.parse(query), dialectOf("sqlite"));
    return (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${sql} LIMIT 50 OFFSET 0`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join("\n");
  };

  it.skipIf(onPostgres).each(USER_SORTS)("reads a page sorted by %s off its index, both ways, under every filter but a search", async (sort) => {
    const db = await openTestDatabase();
    for (const dir of ["asc", "desc"] as const) {
      for (const filters of [
        {},
        { status: "active", seat: "Member" },
        { source: "scim", pendingOverride: true },
        { pending: "only" },
        { pending: "include" },
      ] as const) {
        const text = plan(db, { ...filters, sort, dir });
        expect(text, `${sort} ${dir} ${JSON.stringify(filters)}`).toMatch(new RegExp(`^SCAN users USING INDEX ${SORT_INDEX[sort]}$`, "m"));
        expect(text).not.toContain("TEMP B-TREE");
      }
    }
    // A search reads its prefix's index ranges and sorts only their matches.
    const searched = plan(db, { search: "ma", sort, dir: "desc" });
    expect(searched).toContain("MULTI-INDEX OR");
    expect(searched).not.toMatch(/SCAN users\b/);
  });

  it.skipIf(onPostgres)("counts the users not signed in yet from the never-signed-in index, and the main list as everyone minus them", async () => {
    const db = await openTestDatabase();
    const { clause, params } = userListFilter(listUsersQuerySchema.parse({ pending: "only" }), { dialect: dialectOf("sqlite") });
    const text = (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM users WHERE ${clause}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join("\n");
    expect(text).toMatch(/SEARCH users USING INDEX users_first_sign_in_idx \(first_sign_in_at=\?\)/);
  });

  it("sorts by each column both ways, ties in one order page after page, missing values first ascending", async () => {
    const { db } = await directory();
    await signInPlanUser(db, { email: "x1@example.com", method: "saml", now: Date.UTC(2026, 0, 1) });
    await signInPlanUser(db, { email: "maria.garcia@example.com", method: "saml", now: Date.UTC(2026, 5, 1) });
    await setUserSeat(db, "jonas.martin@example.com", "No Access", TEST_ADMIN, Date.now());
    const order = async (sort: (typeof USER_SORTS)[number], dir: "asc" | "desc") => names(await listUsers(db, { sort, dir }));
    expect(await order("name", "asc")).toEqual(["x1@example.com", "jonas.martin@example.com", "maria.garcia@example.com", "ÅSA.LUND@example.com"]);
    expect(await order("name", "desc")).toEqual([...await order("name", "asc")].reverse());
    expect(await order("email", "asc")).toEqual(["jonas.martin@example.com", "maria.garcia@example.com", "x1@example.com", "ÅSA.LUND@example.com"]);
    // Seats from the most paid: Members, then No Access; ties by creation.
    expect(await order("seat", "asc")).toEqual(["maria.garcia@example.com", "ÅSA.LUND@example.com", "x1@example.com", "jonas.martin@example.com"]);
    expect(await order("seat", "desc")).toEqual([...await order("seat", "asc")].reverse());
    // Never signed in first ascending (reclaiming seats), the latest sign-in first descending.
    expect(await order("lastSignIn", "asc")).toEqual(["jonas.martin@example.com", "ÅSA.LUND@example.com", "x1@example.com", "maria.garcia@example.com"]);
    expect(await order("lastSignIn", "desc")).toEqual(["maria.garcia@example.com", "x1@example.com", "ÅSA.LUND@example.com", "jonas.martin@example.com"]);
    expect((await order("firstSignIn", "desc")).slice(0, 2)).toEqual(["maria.garcia@example.com", "x1@example.com"]);
    // Pages of one tie-heavy order add up to the whole order.
    const paged: string[] = [];
    for (const page of [1, 2, 3, 4]) paged.push(...names(await listUsers(db, { sort: "status", dir: "asc", page, pageSize: 1 })));
    expect(paged).toEqual(await order("status", "asc"));
    expect((await listUsers(db, { sort: "source", dir: "desc", pageSize: 1 })).total).toBe(4);
  });
});

describe("every page of every sort at 1,000 users (issue 13: deferred join, pages read backwards)", () => {
  /**
   * 1,000 users of every kind, with ties on every sort column: names missing on some, sign-ins
   * at 13 distinct times, deactivated users, Guests, No Access seats, group members, and users
   * not signed in yet (no role, no group).
   */
  async function thousand(): Promise<Db> {
    const scim = await createScimTestEnv();
    const ids: string[] = [];
    for (let i = 0; i < 970; i++) {
      const named = i % 10 !== 0 ? { name: { givenName: `Given${i % 37}`, familyName: `Family${i % 23}` }, displayName: `Person ${i % 41}` } : {};
      const roles = i % 7 === 0 ? {} : LICENSED;
      const res = await scim.call("POST", "/Users", userBody(`user${String(i).padStart(4, "0")}@example.com`, { ...named, ...roles }));
      expect(res.status).toBe(201);
      ids.push(res.json.id as string);
    }
    // Some role-less users are in a group: not "not signed in yet".
    expect((await scim.call("POST", "/Groups", groupBody("Team", ids.filter((_, i) => i % 14 === 0)))).status).toBe(201);
    for (let i = 0; i < 970; i += 3) {
      await signInPlanUser(scim.db, { email: `user${String(i).padStart(4, "0")}@example.com`, method: "saml", now: Date.UTC(2026, 0, 1 + (i % 13)) });
    }
    for (let i = 2; i < 970; i += 31) await setUserSeat(scim.db, ids[i]!, "No Access", TEST_ADMIN, Date.now());
    for (let i = 5; i < 970; i += 19) {
      expect((await scim.call("PATCH", `/Users/${ids[i]}`, patchBody({ op: "replace", path: "active", value: false }))).status).toBe(200);
    }
    for (let i = 0; i < 30; i++) await addGuest(scim.db, `guest${i}@partner.example`, TEST_ADMIN, Date.now());
    return scim.db;
  }

  const ids = (users: readonly { id: string }[]) => users.map((u) => u.id);
  // About 1,800 list reads of several statements each: on PostgreSQL each statement is a round
  // trip to the server (13 s alone, over 20 s beside the other files on two cores).
  const WALK_TIMEOUT = onPostgres ? 90_000 : 20_000;

  it("walks forwards through each sort both ways, under wide and narrow filters: every user once, in the export's order", { timeout: WALK_TIMEOUT }, async () => {
    const db = await thousand();
    const filters: ListUsersQuery[] = [
      {},
      { pending: "include" },
      { pending: "only" },
      { seat: "Member" },
      { status: "deactivated" },
      { seat: "Guest", pending: "include" },
      { source: "scim", status: "active" },
      { search: "user01" },
    ];
    for (const filter of filters) {
      for (const sort of USER_SORTS) {
        for (const dir of ["asc", "desc"] as const) {
          const label = `${JSON.stringify(filter)} ${sort} ${dir}`;
          // The reference: one ORDER BY over the whole list (the CSV export's statement).
          const expected: string[] = [];
          for await (const u of iterateUsers(db, { ...filter, sort, dir })) expected.push(u.user.id);
          const pageSize = 37;
          const first = await listUsers(db, { ...filter, sort, dir, pageSize });
          expect(first.total, label).toBe(expected.length);
          const pages = Math.max(1, Math.ceil(first.total / pageSize));
          const walked: string[] = [];
          for (let page = 1; page <= pages; page++) walked.push(...ids((await listUsers(db, { ...filter, sort, dir, pageSize, page })).users));
          expect(new Set(walked).size, label).toBe(walked.length);
          expect(walked, label).toEqual(expected);
          // The last page, read from the end, is the list's tail.
          const last = await listUsers(db, { ...filter, sort, dir, pageSize, page: pages });
          expect(ids(last.users), label).toEqual(expected.slice((pages - 1) * pageSize));
        }
      }
    }
    expect((await listUsers(db, {})).total).toBeGreaterThan(800);
    expect((await listUsers(db, { pending: "only" })).total).toBeGreaterThan(20);
  });

  it("counts each counter's list from the trigger-kept counters, which follow every write", async () => {
    const db = await thousand();
    for (const c of await listUserCounters(db)) {
      let listed = 0;
      for await (const _ of iterateUsers(db, c.filter)) listed++;
      expect(c.count, c.key).toBe(listed);
      expect((await listUsers(db, c.filter)).total, c.key).toBe(listed);
    }
    const rows = await db.row<{ n: number }>("SELECT count(*) AS n FROM users");
    const counted = await db.row<{ n: number }>("SELECT sum(value) AS n FROM counters WHERE name LIKE 'users:%'");
    expect(counted?.n).toBe(rows?.n);
  });

  it("answers the last page for a page past the end (browseUsers), and nothing from listUsers", async () => {
    const db = await thousand();
    const total = (await listUsers(db, {})).total;
    const last = Math.ceil(total / 50);
    expect((await listUsers(db, { page: last + 3 })).users).toEqual([]);
    const clamped = await listUsers(db, { page: last + 3 }, { pastEnd: "last" });
    expect(clamped.page).toBe(last);
    expect(ids(clamped.users)).toEqual(ids((await listUsers(db, { page: last })).users));
  });
});

describe("the page queries' plans (issue 13)", () => {
  const plan = (db: Db, sql: string, params: unknown[]) =>
    (sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("\n");

  it.skipIf(onPostgres).each(USER_SORTS)("reads the main list's page of rowids sorted by %s off the sort's index alone, both ways", async (sort) => {
    const db = await openTestDatabase();
    for (const dir of ["asc", "desc"] as const) {
      for (const filter of [{}, { pending: "include" }, { pending: "only" }] as const) {
        const { sql, params } = pageRowidsSql(listUsersQuerySchema.parse({ ...filter, sort }), false, dir, dialectOf("sqlite"));
        const text = plan(db, `${sql} LIMIT 50 OFFSET 0`, params);
        expect(text, `${sort} ${dir} ${JSON.stringify(filter)}`).toMatch(new RegExp(`^SCAN users USING COVERING INDEX ${SORT_INDEX[sort]}$`, "m"));
        expect(text).not.toContain("TEMP B-TREE");
        if (filter.pending !== "include") expect(text).toMatch(/^SCAN p USING COVERING INDEX users_pending_candidate_idx$/m);
      }
      // A wide filter is tested on the way along the same index.
      const wide = pageRowidsSql(listUsersQuerySchema.parse({ seat: "Member", status: "active", sort }), false, dir, dialectOf("sqlite"));
      const text = plan(db, `${wide.sql} LIMIT 50 OFFSET 0`, wide.params);
      expect(text).toMatch(new RegExp(`^SCAN users USING INDEX ${SORT_INDEX[sort]}$`, "m"));
      expect(text).not.toContain("TEMP B-TREE");
    }
  });

  it.skipIf(onPostgres)("reads a narrow filter's matches off its own index, never the whole table", async () => {
    const db = await openTestDatabase();
    const cases: [ListUsersQuery, RegExp][] = [
      [{ seat: "Guest" }, /SEARCH users USING INDEX users_seat_idx \(status=\? AND seat_type=\?\)/],
      [{ status: "deactivated" }, /SEARCH users USING (COVERING )?INDEX users_(status|seat)_idx \(status=\?\)/],
      [{ source: "uap" }, /SEARCH users USING INDEX users_source_idx \(source=\?\)/],
      [{ pending: "only" }, /SEARCH users USING INTEGER PRIMARY KEY/],
      [{ pendingOverride: true }, /SCAN o USING COVERING INDEX users_pending_override_idx/],
      [{ reactivationRequested: true }, /SCAN o USING INDEX users_reactivation_requested_idx/],
      [{ search: "ma" }, /MULTI-INDEX OR/],
    ];
    for (const [query, expected] of cases) {
      const { sql, params } = pageRowidsSql(listUsersQuerySchema.parse(query), true, "asc", dialectOf("sqlite"));
      const text = plan(db, `${sql} LIMIT 50 OFFSET 0`, params);
      expect(text, JSON.stringify(query)).toMatch(expected);
      expect(text, JSON.stringify(query)).not.toMatch(/^SCAN users\b/m);
    }
  });

  it.skipIf(onPostgres)("finds the users not signed in yet off the covering partial index and the group index", async () => {
    const db = await openTestDatabase();
    const text = plan(db, PENDING_ROWIDS_SQL.sqlite, []);
    expect(text).toMatch(/^SCAN p USING COVERING INDEX users_pending_candidate_idx$/m);
    expect(text).toMatch(/SEARCH gm USING COVERING INDEX group_members_user_idx/);
  });
});
