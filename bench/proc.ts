/**
 * What /proc says about a server under test (Linux): its process tree (tsx launches the
 * real server as a child), memory and CPU time.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

export function descendants(pid: number): number[] {
  const out = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children.split(/\s+/).filter(Boolean)) out.push(...descendants(Number(child)));
    }
  } catch {
    // the process ended
  }
  return out;
}

/**
 * The server's memory, from the largest process in the tree (the server itself, not
 * tsx's launcher): VmHWM, the peak resident set, and the current anonymous (heap) and
 * file-backed (code, the SQLite memory map) parts of it.
 */
export function rssOf(pid: number): { peakMb: number; anonMb: number; fileMb: number } {
  let best = { peakMb: 0, anonMb: 0, fileMb: 0 };
  const mb = (status: string, key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  for (const p of descendants(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const peakMb = mb(status, "VmHWM");
      if (peakMb > best.peakMb) best = { peakMb, anonMb: mb(status, "RssAnon"), fileMb: mb(status, "RssFile") };
    } catch {
      // gone
    }
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  return { peakMb: round(best.peakMb), anonMb: round(best.anonMb), fileMb: round(best.fileMb) };
}

/**
 * Starts VmHWM again from the current resident set in every process of the tree (Linux's
 * clear_refs 5), so the next rssOf gives one workload's own peak instead of the run's so far.
 * Returns false where the kernel does not allow it (then VmHWM stays the run's peak).
 */
export function resetPeak(pid: number): boolean {
  let reset = false;
  for (const p of descendants(pid)) {
    try {
      writeFileSync(`/proc/${p}/clear_refs`, "5");
      reset = true;
    } catch {
      // gone, or not ours to reset
    }
  }
  return reset;
}

/** CPU time (user + system, ms) used so far by the process tree of `pid`. */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of descendants(pid)) {
    try {
      // Fields after the command name (which may contain spaces): utime is the 14th, stime the 15th.
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
