import { describe, expect, it } from "vitest";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { browseUsers } from "./browse-users";

function directory() {
  const scim = createScimTestEnv();
  for (const [userName, extra] of [
    ["ada@example.com", { displayName: "Ada Lovelace" }],
    ["bob@example.com", { name: { givenName: "Bob", familyName: "Stone" } }],
    ["cy@example.com", {}],
  ] as const) {
    // A role, so they are not "not signed in yet" users (left out of the main list).
    const res = scim.call("POST", "/Users", userBody(userName, { ...extra, roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  }
  return scim.db;
}

describe("browseUsers", () => {
  it("answers one page of list rows, with the seat counters", () => {
    const db = directory();
    const list = browseUsers(db, { page: 1, pageSize: 2 });
    expect(list).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(list.users.map((u) => [u.userName, u.name])).toEqual([
      ["ada@example.com", "Ada Lovelace"],
      ["bob@example.com", "Bob Stone"],
    ]);
    expect(Object.keys(list.users[0]!).sort()).toEqual(
      ["createdAt", "email", "firstSignInAt", "id", "name", "pendingOverride", "reactivationRequestedAt", "seatType", "source", "status", "userName"],
    );
    expect(list.counts).toMatchObject({ Member: 3, Contributor: 0, deactivated: 0 });
  });

  it("answers the last page for a page past the end", () => {
    const db = directory();
    const list = browseUsers(db, { page: 9, pageSize: 2 });
    expect(list).toMatchObject({ total: 3, page: 2 });
    expect(list.users.map((u) => [u.userName, u.name])).toEqual([["cy@example.com", null]]);
  });

  it("answers page 1 of an empty result", () => {
    const db = directory();
    expect(browseUsers(db, { search: "zzz", page: 3, pageSize: 2 })).toMatchObject({ total: 0, page: 1, users: [] });
  });
});
