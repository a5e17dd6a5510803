import { afterEach, describe, expect, it, vi } from "vitest";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { parse } from "csv-parse/sync";
import { exportActivityCsv, listActivity } from "./list-activity";

afterEach(() => {
  vi.useRealTimers();
});

describe("listActivity", () => {
  it("lists newest first and filters by kind, user, failed status, time and text", () => {
    // A clock that moves only when told, so the order below is exact: by time, and by
    // insertion among entries of the same millisecond.
    const t0 = Date.parse("2026-06-01T09:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
    const scim = createScimTestEnv();
    vi.setSystemTime(t0 + 1_000);
    const ada = scim.call("POST", "/Users", userBody("ada@example.com", { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] })).json;
    vi.setSystemTime(t0 + 2_000);
    scim.call("GET", "/Users", undefined, { authorization: "Bearer acscim_wrong" });
    scim.service.flush();

    const all = listActivity(scim.db, {});
    expect(all.entries.map((e) => [e.at - t0, e.action])).toEqual([
      [2_000, "scim.get"],
      [1_000, "scim.post"],
      [1_000, "seat.provisioned"],
      [0, "settings.token-created"],
      [0, "seat.reevaluated"],
      [0, "settings.di"],
      [0, "settings.domain-added"],
      [0, "settings.scim-support"],
      [0, "settings.primary-email"],
      [0, "settings.plan-name"],
    ]);
    const failed = listActivity(scim.db, { kind: "scim", status: "failed" });
    expect(failed.entries).toHaveLength(1);
    expect(failed.entries[0]).toMatchObject({ status: 401, method: "GET", path: "/Users", actor: "unauthenticated" });
    const seat = listActivity(scim.db, { kind: "seat", userId: ada.id });
    expect(seat.total).toBe(1);
    expect(seat.entries[0]).toMatchObject({ action: "seat.provisioned", fromValue: null, toValue: "Member", userName: "ada@example.com" });
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

  it("exports exactly the filtered list as CSV, newest first, with formulas defused", () => {
    const scim = createScimTestEnv();
    scim.call("POST", "/Users", userBody("=cmd@example.com", { displayName: "=HYPERLINK(\"x\")", roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }));
    scim.call("GET", "/Users", undefined, { authorization: "Bearer acscim_wrong" });
    scim.service.flush();

    const records = (query: Parameters<typeof exportActivityCsv>[1]): string[][] =>
      parse([...exportActivityCsv(scim.db, query)].join(""), { bom: true }) as string[][];
    const all = records({});
    expect(all[0]).toEqual(["Time (UTC)", "Kind", "By", "Action", "User", "Method", "Path", "Status", "Duration (ms)", "From", "To", "Reason", "Client address", "Details"]);
    const page = listActivity(scim.db, { pageSize: 200 });
    expect(all.slice(1).map((r) => r[3])).toEqual(page.entries.map((e) => e.action));
    expect(all.slice(1).map((r) => Date.parse(r[0]!))).toEqual(page.entries.map((e) => e.at));

    const failed = records({ kind: "scim", status: "failed" });
    expect(failed.slice(1)).toEqual([[expect.any(String), "scim", "unauthenticated", "scim.get", "", "GET", "/Users", "401", expect.any(String), "", "", expect.any(String), "", expect.any(String)]]);
    const seat = records({ kind: "seat" }).slice(1);
    expect(seat[0]?.[4]).toBe("'=cmd@example.com");
  });
});
