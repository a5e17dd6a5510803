/** Latency and throughput numbers as every workload reports them. */
export interface Measured {
  requests: number;
  seconds: number;
  perSecond: number;
  /** 2xx responses per second (created users per second for POST). */
  okPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Rate-limited runs in several rounds: each round's own p99 (p99 is then over all rounds' answers together), its spread. */
  p99Rounds?: number[];
  /** CPU time the server under test used while measured (when its pid was given). */
  serverCpuMs?: number;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Nearest-rank p50, p99 and max of latencies (ms). */
export function percentilesOf(latencies: ArrayLike<number>): Pick<Measured, "p50" | "p99" | "max"> {
  const sorted = Float64Array.from(latencies).sort();
  const pick = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { p50: round(pick(0.5)), p99: round(pick(0.99)), max: round(sorted.at(-1) ?? 0) };
}

/** Percentiles (nearest rank), rates and status counts of a measured loop. */
export function summarise(latencies: number[], seconds: number, statuses: number[], errors = 0): Measured {
  const statusCodes: Record<string, number> = {};
  for (const s of statuses) statusCodes[s] = (statusCodes[s] ?? 0) + 1;
  const ok = statuses.filter((s) => s >= 200 && s < 300).length;
  return {
    requests: statuses.length,
    seconds: round(seconds),
    perSecond: round(statuses.length / seconds),
    okPerSecond: round(ok / seconds),
    ...percentilesOf(latencies),
    non2xx: statuses.length - ok,
    errors,
    statusCodes,
  };
}
