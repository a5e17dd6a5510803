import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter";

describe("createRateLimiter", () => {
  it("allows the burst, then asks to wait until a token refills", () => {
    const limiter = createRateLimiter({ perMinute: 6, burst: 2 });
    expect([limiter.take("a", 0), limiter.take("a", 0), limiter.take("a", 0)]).toEqual([0, 0, 10]);
    expect(limiter.take("b", 0)).toBe(0);
    expect(limiter.take("a", 10_000)).toBe(0);
  });

  it("keeps at most maxKeys keys: refilled ones go first, then the oldest half", () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, maxKeys: 4 });
    for (const key of ["a", "b", "c", "d"]) limiter.take(key, 0);
    // All four are still draining at t=500; a fifth key drops the oldest two (a, b).
    expect(limiter.take("e", 500)).toBe(0);
    expect(limiter.take("a", 500)).toBe(0); // forgotten, so it starts full
    expect(limiter.take("c", 500)).toBe(1); // remembered, still empty
  });
});
