import { describe, expect, it } from "vitest";
import { onPostgres } from "@/db/testing/engine";
import { createScimTestEnv, groupBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { browseUsers, exportUsersCsv } from "./browse-users";
import { setGroupMapping } from "./map-group-role";
import { recordMemberOnlyAttempt } from "./record-member-only-attempt";
import { signInPlanUser } from "./sign-in-plan-user";
import { parse } from "csv-parse/sync";

async function directory() {
  const scim = await createScimTestEnv();
  for (const [userName, extra] of [
    ["ada@example.com", { displayName: "Ada Lovelace" }],
    ["bob@example.com", { name: { givenName: "Bob", familyName: "Stone" } }],
    ["cy@example.com", {}],
  ] as const) {
    // A role, so they are not "not signed in yet" users (left out of the main list).
    const res = await scim.call("POST", "/Users", userBody(userName, { ...extra, roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  }
  return scim.db;
}

describe("browseUsers", () => {
  it("answers one page of list rows, with the seat counters", async () => {
    const db = await directory();
    const list = await browseUsers(db, { page: 1, pageSize: 2 });
    expect(list).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(list.users.map((u) => [u.userName, u.name])).toEqual([
      ["ada@example.com", "Ada Lovelace"],
      ["bob@example.com", "Bob Stone"],
    ]);
    expect(Object.keys(list.users[0]!).sort()).toEqual(
      [
        "createdAt",
        "email",
        "firstSignInAt",
        "id",
        "lastSignInAt",
        "lastSyncedAt",
        "name",
        "pendingOverride",
        "reactivationRequestedAt",
        "reviewEndsAt",
        "roles",
        "seatSetBy",
        "seatType",
        "source",
        "status",
        "systemAdminRoles",
        "userName",
      ],
    );
    // Each was created by a SCIM POST: that request is their last sync.
    expect(list.users.every((u) => typeof u.lastSyncedAt === "number")).toBe(true);
    expect(Object.fromEntries(list.counters.map((c) => [c.key, c.count]))).toMatchObject({ Member: 3, Contributor: 0, deactivated: 0 });
    expect(list.counters.find((c) => c.key === "Member")!.filter).toEqual({ seat: "Member", status: "active", pending: "include" });
  });

  it("answers the last page for a page past the end", async () => {
    const db = await directory();
    const list = await browseUsers(db, { page: 9, pageSize: 2 });
    expect(list).toMatchObject({ total: 3, page: 2 });
    expect(list.users.map((u) => [u.userName, u.name])).toEqual([["cy@example.com", null]]);
  });

  it("answers page 1 of an empty result", async () => {
    const db = await directory();
    expect(await browseUsers(db, { search: "zzz", page: 3, pageSize: 2 })).toMatchObject({ total: 0, page: 1, users: [] });
  });
});

describe("browseUsers' triage columns (issue 13)", () => {
  it("says where each seat comes from, the review end, System Admin rights and the last sign-in, for a whole page at once", async () => {
    const scim = await createScimTestEnv();
    const create = async (userName: string, extra: Record<string, unknown> = {}) => {
      const res = await scim.call("POST", "/Users", userBody(userName, extra));
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json.id as string;
    };
    const ada = await create("ada@example.com", { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] });
    const bob = await create("bob@example.com", { roles: [{ type: "JIRA_USER", value: "JIRA_USER" }] });
    const cy = await create("cy@example.com", { roles: [{ type: "SALESFORCE_USER", value: "SALESFORCE_USER" }] });
    expect((await scim.call("POST", "/Groups", groupBody("Okta Admins", [ada, bob]))).status).toBe(201);
    await setGroupMapping(scim.db, "Okta Admins", "USER_ADMIN", TEST_ADMIN, Date.now());
    const now = Date.now();
    await signInPlanUser(scim.db, { email: "cy@example.com", method: "saml", now: now });
    expect((await recordMemberOnlyAttempt(scim.db, cy, "create a report", now)).becameProvisional).toBe(true);

    const list = await browseUsers(scim.db, { page: 1, pageSize: 50 });
    const row = (userName: string) => list.users.find((u) => u.userName === userName)!;
    expect(row("ada@example.com")).toMatchObject({
      seatType: "Member",
      seatSetBy: "di",
      roles: [
        { role: "LICENSED_USER", group: null },
        { role: "USER_ADMIN", group: "Okta Admins" },
      ],
      systemAdminRoles: ["USER_ADMIN"],
      reviewEndsAt: null,
      lastSignInAt: null,
    });
    expect(row("bob@example.com")).toMatchObject({ roles: [{ role: "JIRA_USER", group: null }, { role: "USER_ADMIN", group: "Okta Admins" }] });
    const provisional = row("cy@example.com");
    expect(provisional).toMatchObject({ seatType: "Provisional Member", systemAdminRoles: [], lastSignInAt: now });
    expect(provisional.reviewEndsAt).toBeGreaterThan(now);
  });
});

describe("the users CSV export (issue 13)", () => {
  /** RFC 4180 records, read back by csv-parse (a parser of our own would share our writer's mistakes). */
  const parseCsv = (text: string): string[][] => parse(text) as string[][];
  const exportText = async (...args: Parameters<typeof exportUsersCsv>): Promise<string> => {
    const chunks: string[] = [];
    for await (const chunk of exportUsersCsv(...args)) chunks.push(chunk);
    return chunks.join("");
  };

  it("quotes fields, defuses formulas, and lists exactly the filtered users in the list's order", async () => {
    const scim = await createScimTestEnv();
    for (const [userName, displayName] of [
      ["ada@example.com", '=HYPERLINK("http://evil.example","Ada")'],
      ["bob@example.com", "Stone, Bob \"the builder\"\nsecond line"],
      ["cy@example.com", "+cy"],
      ["dee@example.com", "-1+2"],
      ["eve@example.com", "@SUM(A1)"],
    ] as const) {
      const res = await scim.call("POST", "/Users", userBody(userName, { displayName, roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }));
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
    await scim.call("POST", "/Users", userBody("waiting@example.com"));
    const text = await exportText(scim.db, { sort: "email", dir: "desc" });
    expect(text.startsWith("\uFEFFName,Username,Email,Seat,")).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toContain("Last sign-in");
    // The main list: the user not signed in yet is left out, as on the screen.
    expect(rows.map((r) => r[1])).toEqual(["eve@example.com", "dee@example.com", "cy@example.com", "bob@example.com", "ada@example.com"]);
    expect(rows.map((r) => r[0])).toEqual([
      "'@SUM(A1)",
      "'-1+2",
      "'+cy",
      'Stone, Bob "the builder"\nsecond line',
      `'=HYPERLINK("http://evil.example","Ada")`,
    ]);
    expect(rows[0]).toEqual(expect.arrayContaining(["Member", "active", "scim", "Directory Integration", "LICENSED_USER (IdP)"]));
    // The same filters as the list: only them, then nobody.
    const only = parseCsv((await exportText(scim.db, { pending: "only" })).slice(1));
    expect(only.slice(1).map((r) => r[1])).toEqual(["waiting@example.com"]);
    expect(parseCsv((await exportText(scim.db, { search: "zzz" })).slice(1))).toHaveLength(1);
  });

  it("reads the users one at a time off the statement", async () => {
    const scim = await createScimTestEnv();
    for (const n of [1, 2, 3]) await scim.call("POST", "/Users", userBody(`u${n}@example.com`, { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }));
    const lines = exportUsersCsv(scim.db, {});
    await lines.next();
    expect((await lines.next()).value).toContain("u1@example.com");
    // The statement is still being read, not copied out: on SQLite its connection takes no
    // write until the iteration ends (why the route streams from a connection of its own); on
    // PostgreSQL it is a cursor on a pooled connection of its own, and the shared one still writes.
    const write = async () => scim.db.execute("UPDATE plan SET name = name WHERE id = 1");
    if (onPostgres) expect((await write()).changes).toBe(1);
    else await expect(write()).rejects.toThrow(/busy/);
    const rest: string[] = [];
    for await (const line of lines) rest.push(line);
    expect(rest).toHaveLength(2);
    expect((await write()).changes).toBe(1);
  });
});
