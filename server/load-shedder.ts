/**
 * Load shedding for the SCIM adapter (issue 11, item 14). The SCIM service is synchronous,
 * so a burst of expensive requests that arrive together is served back to back in one
 * turn of the event loop, and everything behind it (the Admin Center's pages, a request
 * sent a moment later) waits for the whole burst: 200 `count=1000` pages kept the next
 * request waiting 26 s. Two O(1) bounds, either of which answers 503 with Retry-After:
 *
 * - requests in flight (received, answer not yet flushed, bodies being read included);
 * - SCIM work done in the current event-loop turn: past the budget, the rest of the turn's
 *   SCIM requests are refused, the loop turns, and the Admin Center gets its share.
 *
 * Since the data layer is async (issue 15), a request's begin..end spans its awaits: on
 * SQLite, other requests' statements run inside it; on PostgreSQL, whole turns of waiting for
 * the database. So the budget counts the time covered by SCIM spans within the current turn,
 * each moment once: a span that began in an earlier turn counts from this turn's start, and
 * spans that overlap count their union (summing them charged 20 concurrent creates on
 * PostgreSQL seconds of "work" and shed them: server/multi-instance.test.ts).
 */
import { performance } from "node:perf_hooks";

/** SCIM requests in flight at most: an IdP uses a handful of connections (Okta's own API rarely sees more than 10 concurrent transactions from a bulk load), so 64 is a flood or a misconfigured loop. */
export const SCIM_MAX_IN_FLIGHT = 64;
/** SCIM work one event-loop turn may do before the rest of the turn is refused: an existence check costs about 50 µs and a 100-user page a few ms, so 250 ms is a burst, and it bounds what a page of the Admin Center waits behind SCIM. */
export const SCIM_TURN_BUDGET_MS = 250;
/** What a shed client is told to wait; the burst is over by then. */
export const SHED_RETRY_AFTER_SECONDS = 1;

export interface LoadShedderOptions {
  maxInFlight?: number;
  turnBudgetMs?: number;
  clock?: () => number;
}

export interface LoadShedder {
  /** True when a new request may go on (and counts it in flight); false: answer 503. */
  admit(): boolean;
  /** The request's answer is flushed or its connection gone. */
  release(): void;
  /** Marks the start of a request's synchronous work; pass the result to `end`. */
  begin(): number;
  /** Counts the work since `begin` against this turn's budget. */
  end(started: number): void;
  readonly inFlight: number;
}

export function createLoadShedder(options: LoadShedderOptions = {}): LoadShedder {
  const maxInFlight = options.maxInFlight ?? SCIM_MAX_IN_FLIGHT;
  const budget = options.turnBudgetMs ?? SCIM_TURN_BUDGET_MS;
  const clock = options.clock ?? (() => performance.now());
  let inFlight = 0;
  let turnWork = 0;
  let turnStart = 0;
  /** The end of the time already counted in this turn. */
  let countedUntil = 0;
  let armed = false;

  // setImmediate runs once the current poll phase (every request that arrived together)
  // is done: the next turn starts with a fresh budget.
  const arm = () => {
    if (armed) return;
    armed = true;
    turnStart = clock();
    countedUntil = turnStart;
    setImmediate(() => {
      armed = false;
      turnWork = 0;
    });
  };

  return {
    admit() {
      arm();
      if (inFlight >= maxInFlight || turnWork >= budget) return false;
      inFlight += 1;
      return true;
    },
    release() {
      if (inFlight > 0) inFlight -= 1;
    },
    begin() {
      arm();
      return clock();
    },
    end(started) {
      arm();
      const now = clock();
      const from = Math.max(started, countedUntil);
      if (now > from) turnWork += now - from;
      countedUntil = Math.max(countedUntil, now);
    },
    get inFlight() {
      return inFlight;
    },
  };
}
