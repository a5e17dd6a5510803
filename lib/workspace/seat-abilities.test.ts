import { describe, expect, it } from "vitest";
import { SEAT_TYPES } from "@/db/schema";
import { createSheetPath, seatAbilities, type SeatAbilityContext } from "./seat-abilities";

const CONTEXT: SeatAbilityContext = { autoUpgrade: true, provisionalPolicy: "admin-approval", reviewDays: 30, reviewEndsAt: null };

describe("seatAbilities", () => {
  it("decides the Create-a-sheet path per seat and auto-upgrade", () => {
    expect(SEAT_TYPES.map((seat) => [seat, createSheetPath(seat, true), createSheetPath(seat, false)])).toEqual([
      ["Member", "create", "create"],
      ["Provisional Member", "create", "create"],
      ["Contributor", "provisional", "ask"],
      ["Guest", "none", "none"],
      ["No Access", "none", "none"],
    ]);
  });

  it("tells a Provisional Member when the review ends and what happens then, by policy", () => {
    const ends = Date.UTC(2027, 0, 15);
    const approval = seatAbilities("Provisional Member", { ...CONTEXT, reviewEndsAt: ends });
    expect(approval.summary).toContain("15 Jan 2027");
    expect(approval.details.join(" ")).toMatch(/When the review period ends, a System Admin decides/);
    expect(seatAbilities("Provisional Member", { ...CONTEXT, reviewEndsAt: ends, provisionalPolicy: "auto-upgrade" }).details.join(" ")).toMatch(
      /you become a Member/,
    );
  });

  it("says what creating does for a Contributor under each setting, and that No Access opens nothing", () => {
    expect(seatAbilities("Contributor", { ...CONTEXT, reviewDays: 14 }).details.join(" ")).toMatch(/Provisional Member for a review period of 14 days/);
    expect(seatAbilities("Contributor", { ...CONTEXT, autoUpgrade: false }).details.join(" ")).toMatch(/ask a System Admin/);
    expect(seatAbilities("No Access", CONTEXT)).toMatchObject({ opensContent: false, summary: "You cannot open plan content." });
    expect(SEAT_TYPES.filter((seat) => seatAbilities(seat, CONTEXT).opensContent)).toHaveLength(4);
  });
});
