import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import * as listUsers from "@/lib/directory/list-users";
import {
  DEFAULT_FILTERS,
  hasActiveFilters,
  parseUserFilters,
  PENDING_MODES,
  SORT_DIRECTIONS,
  USER_SORTS,
  SEAT_TYPES,
  USER_SOURCES,
  USER_STATUSES,
  userFiltersToSearch,
} from "./user-filters";

describe("users list filters in the URL", () => {
  it("offers exactly the schema's seats, statuses and sources", () => {
    expect(SEAT_TYPES).toEqual(schema.SEAT_TYPES);
    expect(USER_STATUSES).toEqual(schema.USER_STATUSES);
    expect(USER_SOURCES).toEqual(schema.USER_SOURCES);
    expect(PENDING_MODES).toEqual(listUsers.PENDING_MODES);
    expect(USER_SORTS).toEqual(listUsers.USER_SORTS);
    expect(SORT_DIRECTIONS).toEqual(listUsers.SORT_DIRECTIONS);
  });

  it("reads the Overview's link and round-trips every filter", () => {
    expect(parseUserFilters(new URLSearchParams("reactivation=requested"))).toEqual({
      ...DEFAULT_FILTERS,
      reactivationRequested: true,
    });
    const all = {
      q: "ada@",
      seat: "No Access",
      status: "active",
      source: "scim",
      pending: "only",
      pendingOverride: true,
      reactivationRequested: true,
      sort: "lastSignIn",
      dir: "desc",
      page: 3,
      size: 100,
    } as const;
    const search = userFiltersToSearch(all);
    expect(search).toBe("?q=ada%40&seat=No+Access&status=active&source=scim&pending=1&override=pending&reactivation=requested&sort=lastSignIn&dir=desc&page=3&size=100");
    expect(parseUserFilters(new URLSearchParams(search.slice(1)))).toEqual(all);
    expect(hasActiveFilters(all)).toBe(true);
    const included = { ...DEFAULT_FILTERS, seat: "Contributor", status: "active", pending: "include" } as const;
    expect(userFiltersToSearch(included)).toBe("?seat=Contributor&status=active&pending=all");
    expect(parseUserFilters(new URLSearchParams("seat=Contributor&status=active&pending=all"))).toEqual(included);
  });

  it("drops malformed values instead of failing, and leaves defaults out of links", () => {
    const parsed = parseUserFilters({ seat: "Owner", status: ["deactivated", "active"], page: "-2", size: "7", pending: "yes", sort: "password", dir: "up" });
    expect(parsed).toEqual({ ...DEFAULT_FILTERS, status: "deactivated" });
    expect(userFiltersToSearch(DEFAULT_FILTERS)).toBe("");
    expect(hasActiveFilters(DEFAULT_FILTERS)).toBe(false);
  });
});
