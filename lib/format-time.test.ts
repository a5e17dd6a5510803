import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay, formatIsoDay, formatTimeOfDay } from "./format-time";

describe("format-time", () => {
  const at = Date.UTC(2026, 11, 1, 18, 41, 44, 253);

  it("writes days and times one way, in UTC by default, never as ISO 8601", () => {
    expect(formatDay(at)).toBe("1 Dec 2026");
    expect(formatDateTime(at)).toBe("1 Dec 2026, 18:41 UTC");
    expect(formatDateTime(Date.UTC(2026, 0, 9, 0, 5))).toBe("9 Jan 2026, 00:05 UTC");
    expect(formatTimeOfDay(at, { seconds: true })).toBe("18:41:44 UTC");
  });

  it("writes the same shape in another zone, with the zone's name", () => {
    expect(formatDateTime(at, { timeZone: "Asia/Tokyo" })).toBe("2 Dec 2026, 03:41 GMT+9");
    expect(formatDay(at, { timeZone: "America/Los_Angeles" })).toBe("1 Dec 2026");
  });

  it("writes a stored calendar day the same way", () => {
    expect(formatIsoDay("2026-12-26")).toBe("26 Dec 2026");
    expect(formatIsoDay("not a day")).toBe("not a day");
  });
});
