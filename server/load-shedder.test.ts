import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createLoadShedder } from "./load-shedder";

describe("createLoadShedder", () => {
  it("refuses past the requests in flight until one is released", () => {
    const shedder = createLoadShedder({ maxInFlight: 2 });
    expect([shedder.admit(), shedder.admit(), shedder.admit()]).toEqual([true, true, false]);
    shedder.release();
    expect(shedder.admit()).toBe(true);
    expect(shedder.inFlight).toBe(2);
  });

  it("refuses the rest of an event-loop turn once its SCIM work passes the budget, and starts the next turn fresh", async () => {
    let clock = 0;
    const shedder = createLoadShedder({ turnBudgetMs: 100, clock: () => clock });
    const work = (ms: number) => {
      expect(shedder.admit()).toBe(true);
      const started = shedder.begin();
      clock += ms;
      shedder.end(started);
      shedder.release();
    };
    work(60);
    work(60);
    expect(shedder.admit()).toBe(false);
    await nextTurn();
    expect(shedder.admit()).toBe(true);
  });
});
