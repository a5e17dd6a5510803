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

  it("counts overlapping requests' time once, and a request that waited through earlier turns only from this turn's start", async () => {
    let clock = 0;
    const shedder = createLoadShedder({ turnBudgetMs: 100, clock: () => clock });
    // Began in an earlier turn (waiting on the database), ends 30 ms into this one.
    shedder.admit();
    const waited = shedder.begin();
    await nextTurn();
    clock = 1_000;
    shedder.admit();
    const a = shedder.begin();
    const b = shedder.begin();
    clock += 30;
    shedder.end(waited);
    shedder.end(a);
    shedder.end(b);
    // 30 ms of this turn covered, however many spans covered it; then 60 ms of other work.
    clock += 60;
    expect(shedder.admit()).toBe(true);
    const c = shedder.begin();
    clock += 80;
    shedder.end(c);
    expect(shedder.admit()).toBe(false);
  });
});
