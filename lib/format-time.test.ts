import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay } from "./format-time";

describe("format-time", () => {
  it("writes days and times one way, in UTC, never as ISO 8601", () => {
    const at = Date.UTC(2026, 11, 1, 18, 41, 44, 253);
    expect(formatDay(at)).toBe("1 Dec 2026");
    expect(formatDateTime(at)).toBe("1 Dec 2026, 18:41 UTC");
    expect(formatDateTime(Date.UTC(2026, 0, 9, 0, 5))).toBe("9 Jan 2026, 00:05 UTC");
  });
});
