/**
 * Before and after in one run (`npm run bench -- --baseline DIR`, issue 16): each workload's
 * figure on the older build and on ours, measured in turn under the same machine load, and a
 * short table for partial runs (`--workloads`, `--scim-only`).
 */
import type { BenchResults, SizeResults } from "./report";
import type { Measured } from "./stats";

interface AbRow {
  name: string;
  unit: string;
  /** true: more is better (rates); false: less is better (times, memory). */
  higherIsBetter: boolean;
  value: (s: SizeResults) => number | undefined;
}

const cpuUs = (m: Measured | undefined) => (m?.serverCpuMs !== undefined && m.requests > 0 ? (m.serverCpuMs * 1000) / m.requests : undefined);

const AB_ROWS: AbRow[] = [
  { name: "1 existence check (10 conn)", unit: "req/s", higherIsBetter: true, value: (s) => s.workloads.exists?.perSecond },
  { name: "  ÷ floor by req/s", unit: "%", higherIsBetter: true, value: (s) => pct(s.workloads.exists?.perSecond, s.floor?.perSecond) },
  { name: "  server CPU per request", unit: "µs", higherIsBetter: false, value: (s) => cpuUs(s.workloads.exists) },
  { name: "  ÷ floor by CPU per request", unit: "%", higherIsBetter: true, value: (s) => pct(cpuUs(s.floor), cpuUs(s.workloads.exists)) },
  { name: "  p99", unit: "ms", higherIsBetter: false, value: (s) => s.workloads.exists?.p99 },
  { name: "2 POST /Users with roles (10 conn)", unit: "users/s", higherIsBetter: true, value: (s) => s.workloads.create?.okPerSecond },
  { name: "  server CPU per request", unit: "µs", higherIsBetter: false, value: (s) => cpuUs(s.workloads.create) },
  { name: "3 full import sweep (pages of 100)", unit: "s", higherIsBetter: false, value: (s) => s.workloads.sweep?.seconds },
  { name: "4 random page count=100 (1 conn)", unit: "req/s", higherIsBetter: true, value: (s) => s.workloads.pageRandom?.perSecond },
  { name: "4 random page count=100 (10 conn)", unit: "req/s", higherIsBetter: true, value: (s) => s.workloads.pageRandom10?.perSecond },
  { name: "5 group PATCH add 256 members (p50)", unit: "ms", higherIsBetter: false, value: (s) => s.workloads.groupAdd256?.p50 },
  { name: "5 group PATCH add 1,000 members (p50)", unit: "ms", higherIsBetter: false, value: (s) => s.workloads.groupAdd1000?.p50 },
  { name: "5 group PATCH remove one member (p50)", unit: "ms", higherIsBetter: false, value: (s) => s.workloads.groupRemove?.p50 },
  { name: "6 PUT with changed roles, seat kept (10 conn)", unit: "req/s", higherIsBetter: true, value: (s) => s.workloads.putSameSeat?.perSecond },
  { name: "  server CPU per request", unit: "µs", higherIsBetter: false, value: (s) => cpuUs(s.workloads.putSameSeat) },
  { name: "6 PUT with changed roles (10 conn)", unit: "req/s", higherIsBetter: true, value: (s) => s.workloads.put?.perSecond },
  { name: "  server CPU per request", unit: "µs", higherIsBetter: false, value: (s) => cpuUs(s.workloads.put) },
  { name: "7 DI turned on: re-evaluate all", unit: "ms", higherIsBetter: false, value: (s) => s.diOnMs },
  { name: "7 re-evaluate all again (no change)", unit: "ms", higherIsBetter: false, value: (s) => s.reevaluateMs },
  { name: "8 Admin Center users query (p50)", unit: "ms", higherIsBetter: false, value: (s) => s.adminQuery?.p50 },
  { name: "9 mixed at 200 req/s (p99)", unit: "ms", higherIsBetter: false, value: (s) => s.workloads.mixed?.p99 },
  { name: "10 existence check beside hostile", unit: "req/s", higherIsBetter: true, value: (s) => s.hostile?.beside.okPerSecond },
  { name: "10 hostile request CPU ÷ existence check", unit: "×", higherIsBetter: false, value: (s) => ratio(cpuUs(s.hostile?.attackAlone), cpuUs(s.hostile?.alone)) },
  { name: "server peak RSS before workload 10", unit: "MB", higherIsBetter: false, value: (s) => s.serverPeakRssBeforeHostileMb },
  { name: "server peak RSS (VmHWM)", unit: "MB", higherIsBetter: false, value: (s) => s.serverPeakRssMb },
];

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}
function pct(a: number | undefined, b: number | undefined): number | undefined {
  const r = ratio(a, b);
  return r === undefined ? undefined : r * 100;
}
const fmt = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v) ? "-" : Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2);

/** after ÷ before, and whether ours is more than 5% worse (issue 16: nothing else may get worse by more than 5%). */
function change(row: AbRow, before: number | undefined, after: number | undefined): string {
  const r = ratio(after, before);
  if (r === undefined) return "-";
  const worse = row.higherIsBetter ? r < 0.95 : r > 1.05;
  return `${r.toFixed(2)}×${worse ? " worse" : ""}`;
}

/** The before/after table, one block per size, as markdown. */
export function abMarkdown(results: BenchResults): string {
  const out: string[] = [];
  for (const size of results.sizes) {
    const before = size.baseline;
    if (!before) continue;
    out.push(`#### ${size.users.toLocaleString("en-US")} users`, "", "| workload | unit | before | after | after ÷ before |", "|---|---|---:|---:|---:|");
    for (const row of AB_ROWS) {
      const b = row.value(before);
      const a = row.value(size);
      if (a === undefined && b === undefined) continue;
      out.push(`| ${row.name} | ${row.unit} | ${fmt(b)} | ${fmt(a)} | ${change(row, b, a)} |`);
    }
    const peaks = { ...before.serverPeakRssByWorkloadMb, ...size.serverPeakRssByWorkloadMb };
    for (const name of Object.keys(peaks)) {
      const row: AbRow = { name: `  peak RSS during ${name}`, unit: "MB", higherIsBetter: false, value: () => undefined };
      const b = before.serverPeakRssByWorkloadMb?.[name];
      const a = size.serverPeakRssByWorkloadMb?.[name];
      out.push(`| ${row.name} | MB | ${fmt(b)} | ${fmt(a)} | ${change(row, b, a)} |`);
    }
    if (before.pages && size.pages) {
      const earlier = new Map(before.pages.pages.map((p) => [p.name, p]));
      for (const page of size.pages.pages) {
        const old = earlier.get(page.name);
        if (!old) continue;
        const row: AbRow = { name: `11 ${page.name} (p50)`, unit: "ms", higherIsBetter: false, value: () => undefined };
        out.push(`| ${row.name} | ms | ${fmt(old.p50)} | ${fmt(page.p50)} | ${change(row, old.p50, page.p50)} |`);
      }
    }
    out.push("");
  }
  return out.join("\n");
}

/** A partial run's figures: each measured workload's rate, latency and server CPU, per size and build. */
export function partialTable(results: BenchResults): string {
  const out: string[] = [];
  const line = (label: string, name: string, m: Measured | undefined) => {
    if (!m) return;
    out.push(
      `${label.padEnd(9)} ${name.padEnd(14)} ${fmt(m.perSecond).padStart(8)} req/s  ok ${fmt(m.okPerSecond).padStart(8)}/s  p50 ${fmt(m.p50).padStart(6)} ms  p99 ${fmt(m.p99).padStart(6)} ms  ${m.seconds >= 0 ? `${fmt(m.seconds)} s` : ""}  cpu ${fmt(cpuUs(m))} µs/req  codes ${JSON.stringify(m.statusCodes)}`,
    );
  };
  for (const size of results.sizes) {
    out.push(`--- ${size.users.toLocaleString("en-US")} users`);
    line("floor", "exists", size.floor);
    for (const [label, s] of [["baseline", size.baseline], ["ours", size]] as const) {
      if (!s) continue;
      for (const [name, m] of Object.entries(s.workloads)) line(label, name, m);
      if (s.workloads.exists && size.floor) {
        out.push(`${label.padEnd(9)} exists ÷ floor: ${fmt(pct(s.workloads.exists.perSecond, size.floor.perSecond))}% by req/s, ${fmt(pct(cpuUs(size.floor), cpuUs(s.workloads.exists)))}% by CPU`);
      }
      const peaks = Object.entries(s.serverPeakRssByWorkloadMb ?? {});
      if (peaks.length > 0) out.push(`${label.padEnd(9)} peak RSS by workload: ${peaks.map(([name, mb]) => `${name} ${fmt(mb)}`).join(", ")} MB`);
      out.push(`${label.padEnd(9)} DI on ${fmt(s.diOnMs)} ms, again ${fmt(s.reevaluateMs)} ms; peak RSS ${fmt(s.serverPeakRssMb)} MB (anon ${fmt(s.serverRssAnonMb)}, file ${fmt(s.serverRssFileMb)})`);
    }
  }
  return out.join("\n");
}
