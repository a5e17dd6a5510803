import { describe, expect, it } from "vitest";
import {
  activityFiltersToQuery,
  activityFiltersToSearch,
  hasActivityFilters,
  parseActivityFilters,
} from "./activity-filters";

const NOW = Date.UTC(2025, 5, 15, 12);

describe("activity filters in the URL", () => {
  it("reads the Overview's link to failed SCIM requests", () => {
    const filters = parseActivityFilters(new URLSearchParams("kind=scim&status=failed"));
    expect(filters).toMatchObject({ kind: "scim", status: "failed", page: 1, size: 50 });
    expect(activityFiltersToQuery(filters, NOW)).toEqual({ kind: "scim", status: "failed", page: 1, pageSize: 50 });
    expect(activityFiltersToSearch(filters)).toBe("?kind=scim&status=failed");
  });

  it("keeps an exact status, the user, the text and the page, and round-trips them", () => {
    const search = "?kind=seat&status=401&q=ada%40acme.example&user=u1&page=3&size=25";
    const filters = parseActivityFilters(new URLSearchParams(search));
    expect(filters).toMatchObject({ status: 401, q: "ada@acme.example", user: "u1", page: 3, size: 25 });
    expect(activityFiltersToSearch(filters)).toBe(search);
    expect(activityFiltersToQuery(filters, NOW)).toMatchObject({ status: 401, search: "ada@acme.example", userId: "u1", page: 3, pageSize: 25 });
  });

  it("turns a relative period into a start time and dates into whole UTC days", () => {
    expect(activityFiltersToQuery(parseActivityFilters({ period: "24h" }), NOW).from).toBe(NOW - 86_400_000);
    const dates = activityFiltersToQuery(parseActivityFilters({ period: "dates", from: "2025-06-01", to: "2025-06-02" }), NOW);
    expect(dates.from).toBe(Date.UTC(2025, 5, 1));
    expect(dates.to).toBe(Date.UTC(2025, 5, 3));
    // Dates without period=dates are ignored, as the form hides them.
    expect(activityFiltersToSearch(parseActivityFilters({ from: "2025-06-01" }))).toBe("");
  });

  it("drops what a hand-edited URL gets wrong instead of failing the page", () => {
    const filters = parseActivityFilters({ kind: "bogus", status: "abc", page: "-2", size: "7", from: "2025-13-45", period: "dates" });
    expect(filters).toMatchObject({ page: 1, size: 50, period: "dates" });
    expect(filters.kind).toBeUndefined();
    expect(filters.status).toBeUndefined();
    expect(filters.from).toBeUndefined();
    expect(hasActivityFilters(parseActivityFilters({ q: "   " }))).toBe(false);
    expect(parseActivityFilters({ kind: ["user", "seat"] }).kind).toBe("user");
  });
});
