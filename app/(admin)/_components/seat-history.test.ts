import { describe, expect, it } from "vitest";
import { withLiveToday } from "./seat-history";

const NOW = Date.UTC(2025, 5, 15, 18);
const live = {
  seats: { Member: 5, "Provisional Member": 1, Contributor: 9, Guest: 2, "No Access": 3 },
  deactivated: 4,
};
const day = (d: string, members: number) => ({ day: d, members, provisional: 0, contributors: 0, guests: 0, noAccess: 0, deactivated: 0 });

describe("withLiveToday", () => {
  it("replaces today's stored snapshot with the live counts and keeps earlier days", () => {
    const points = withLiveToday([day("2025-06-13", 1), day("2025-06-14", 2), day("2025-06-15", 3)], live, NOW);
    expect(points.map((p) => [p.day, p.members])).toEqual([
      ["2025-06-13", 1],
      ["2025-06-14", 2],
      ["2025-06-15", 5],
    ]);
    expect(points[2]).toEqual({ day: "2025-06-15", members: 5, provisional: 1, contributors: 9, guests: 2, noAccess: 3, deactivated: 4 });
  });

  it("adds today when the scheduler has not written it yet, so a new plan shows one honest day", () => {
    expect(withLiveToday([], live, NOW).map((p) => p.day)).toEqual(["2025-06-15"]);
    expect(withLiveToday([day("2025-06-10", 1)], live, NOW).map((p) => p.day)).toEqual(["2025-06-10", "2025-06-15"]);
  });
});
