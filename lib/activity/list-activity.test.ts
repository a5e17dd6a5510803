import { describe, expect, it } from "vitest";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { listActivity } from "./list-activity";

describe("listActivity", () => {
  it("lists newest first and filters by kind, user, failed status, time and text", () => {
    const scim = createScimTestEnv();
    const ada = scim.call("POST", "/Users", userBody("ada@example.com", { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] })).json;
    scim.call("GET", "/Users", undefined, { authorization: "Bearer acscim_wrong" });
    scim.service.flush();

    const all = listActivity(scim.db, {});
    expect(all.entries.map((e) => e.at)).toEqual([...all.entries.map((e) => e.at)].sort((a, b) => b - a));
    const failed = listActivity(scim.db, { kind: "scim", status: "failed" });
    expect(failed.entries).toHaveLength(1);
    expect(failed.entries[0]).toMatchObject({ status: 401, method: "GET", path: "/Users", actor: "unauthenticated" });
    const seat = listActivity(scim.db, { kind: "seat", userId: ada.id });
    expect(seat.entries[0]).toMatchObject({ fromValue: "Contributor", toValue: "Member", userName: "ada@example.com" });
    expect(listActivity(scim.db, { search: "ada@example" }).total).toBeGreaterThanOrEqual(2);
    expect(listActivity(scim.db, { from: Date.now() + 60_000 }).total).toBe(0);
    const paged = listActivity(scim.db, { pageSize: 1, page: 2 });
    expect(paged.entries).toHaveLength(1);
    expect(paged.total).toBe(all.total);
  });

  it("finds a user's entries by display name or email text", () => {
    const scim = createScimTestEnv();
    const grace = scim.call(
      "POST",
      "/Users",
      userBody("g.hopper@example.com", {
        displayName: "Grace Hopper",
        roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }],
      }),
    ).json;
    scim.call("POST", "/Users", userBody("alan@example.com", { displayName: "Alan Turing" }));
    scim.service.flush();

    const byName = listActivity(scim.db, { search: "grace hop" });
    expect(byName.total).toBeGreaterThan(0);
    expect(byName.entries.every((e) => e.userId === grace.id)).toBe(true);
    expect(listActivity(scim.db, { kind: "seat", search: "Hopper" }).entries[0]).toMatchObject({ toValue: "Member" });
    expect(listActivity(scim.db, { search: "nobody by that name" }).total).toBe(0);
  });
});
