import { describe, expect, it } from "vitest";
import type { SeatType } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  DAY_MS,
  autoUpgradeWarning,
  isReviewDue,
  onMemberOnlyAttempt,
  resolveEndedReview,
  startReview,
} from "./provisional";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0); // 2026-11-29T12:00:00Z

describe("startReview (docs/product.md §4)", () => {
  it("defaults to a 30-day review period", () => {
    expect(startReview(NOW)).toEqual({ reviewStartedAt: NOW, reviewEndsAt: NOW + 30 * DAY_MS });
    expect(new Date(startReview(NOW).reviewEndsAt).toISOString()).toBe("2026-12-29T12:00:00.000Z");
  });

  it("uses the plan's review days", () => {
    expect(startReview(NOW, 7).reviewEndsAt).toBe(NOW + 7 * DAY_MS);
  });

  it.each([0, -1, 1.5, 366, Number.NaN])("refuses %s review days with a clear error", (days) => {
    expect(() => startReview(NOW, days)).toThrow(AppError);
    expect(() => startReview(NOW, days)).toThrow(/whole number of days from 1 to 365/);
  });
});

describe("onMemberOnlyAttempt: the auto-upgrade switch", () => {
  it("a Contributor becomes a Provisional Member when auto-upgrade is on", () => {
    expect(onMemberOnlyAttempt("Contributor", true)).toMatchObject({ becomesProvisional: true });
  });

  it("a Contributor stays a Contributor when auto-upgrade is off", () => {
    const r = onMemberOnlyAttempt("Contributor", false);
    expect(r.becomesProvisional).toBe(false);
    expect(r.reason).toMatch(/Contributor auto-upgrade is off/);
  });

  it.each<[SeatType, RegExp]>([
    ["Member", /already has Member access/],
    ["Provisional Member", /already has Member access/],
    ["Guest", /Guests are external/],
    ["No Access", /No Access users cannot open plan content/],
  ])("only Contributors: a %s is never made provisional", (seat, reason) => {
    for (const autoUpgrade of [true, false]) {
      const r = onMemberOnlyAttempt(seat, autoUpgrade);
      expect(r.becomesProvisional).toBe(false);
      expect(r.reason).toMatch(reason);
    }
  });
});

describe("resolveEndedReview: the Provisional Member policy", () => {
  it("admin approval (default) downgrades to Contributor", () => {
    expect(resolveEndedReview("admin-approval", NOW)).toEqual({
      seat: "Contributor",
      reason: "Contributor: the review period ended 29 Nov 2026 and the plan's Provisional Member policy is admin approval",
    });
  });

  it("auto-upgrade makes them a Member", () => {
    expect(resolveEndedReview("auto-upgrade")).toEqual({
      seat: "Member",
      reason: "Member: the review period ended and the plan's Provisional Member policy is upgrade to Member",
    });
  });
});

describe("isReviewDue", () => {
  const base = { status: "active" as const, seatType: "Provisional Member" as SeatType, reviewEndsAt: NOW };

  it("is due at and after the end, not before", () => {
    expect(isReviewDue(base, NOW - 1)).toBe(false);
    expect(isReviewDue(base, NOW)).toBe(true);
    expect(isReviewDue(base, NOW + 90 * DAY_MS)).toBe(true); // ended while the server was down
  });

  it("only for active Provisional Members with a review period", () => {
    expect(isReviewDue({ ...base, seatType: "Member" }, NOW)).toBe(false);
    expect(isReviewDue({ ...base, status: "deactivated" }, NOW)).toBe(false);
    expect(isReviewDue({ ...base, reviewEndsAt: null }, NOW)).toBe(false);
  });
});

describe("autoUpgradeWarning (docs/product.md §4.4)", () => {
  it("says nothing while DI is off", () => {
    expect(autoUpgradeWarning({ diEnabled: false, autoUpgrade: true, provisionalPolicy: "auto-upgrade" })).toBeNull();
  });

  it("says nothing with DI on, auto-upgrade off and admin approval", () => {
    expect(autoUpgradeWarning({ diEnabled: true, autoUpgrade: false, provisionalPolicy: "admin-approval" })).toBeNull();
  });

  it("recommends turning auto-upgrade off while DI is on", () => {
    expect(autoUpgradeWarning({ diEnabled: true, autoUpgrade: true, provisionalPolicy: "admin-approval" })).toMatch(
      /Turn Contributor auto-upgrade off/,
    );
  });

  it("warns that auto-upgraded Members are downgraded again at their next sync", () => {
    const w = autoUpgradeWarning({ diEnabled: true, autoUpgrade: true, provisionalPolicy: "auto-upgrade" });
    expect(w).toMatch(/Turn Contributor auto-upgrade off/);
    expect(w).toMatch(/downgraded again to Contributor at their next sync/);
  });
});
