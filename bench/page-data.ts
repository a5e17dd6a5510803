/**
 * Where a slow Admin Center page spends its time (issue 13, workload 11's causes): each
 * page's data functions called in-process on a bench database, the way the page calls
 * them, timed alone (median of `runs` after a warm-up), with the SQL statements behind
 * each — their time per call and SQLite's EXPLAIN QUERY PLAN. Set beside the page's HTTP
 * time (bench/pages.ts) it tells the database from the rendering.
 *
 *   tsx bench/page-data.ts bench/.data/users-100000.db [runs] [--plans] [--only Users]
 *
 * Prints a text report. Run it while no server writes to the database (after a bench run).
 */
import Database from "better-sqlite3";
import { sqliteConnectionOf, openDatabase, type Db, type SqlParam } from "@/db/client";
import { parseActivityFilters, activityFiltersToQuery } from "@/app/(admin)/activity/_components/activity-filters";
import { parseUserFilters, userFiltersToQuery } from "@/app/(admin)/users/_components/user-filters";
import { listActivity } from "@/lib/activity/list-activity";
import { listUserHistory } from "@/lib/activity/list-user-history";
import { browseUsers } from "@/lib/directory/browse-users";
import { explainUserSeat } from "@/lib/directory/explain-user-seat";
import { getUserProfile } from "@/lib/directory/get-user-profile";
import { listGroups } from "@/lib/directory/list-groups";
import { listSeatOptions } from "@/lib/directory/list-seat-options";
import { previewDirectoryIntegration } from "@/lib/directory/preview-directory-integration";
import { listGroupMembers } from "@/lib/groups/list-group-members";
import { getOverview } from "@/lib/overview/get-overview";
import { getProvisioningAlert } from "@/lib/overview/get-provisioning-alert";
import { getProvisioningHealth } from "@/lib/overview/get-provisioning-health";
import { getSetupChecklist } from "@/lib/overview/get-setup-checklist";
import { getWarnings } from "@/lib/overview/get-warnings";
import { listRefusedWhileOff } from "@/lib/overview/list-refused-while-off";
import { listSeatSnapshots } from "@/lib/overview/list-seat-snapshots";
import { getPlan } from "@/lib/plan/get-plan";
import { getSecurityState } from "@/lib/security/get-security-state";
import { findUserById } from "@/lib/users/user-queries";
import { percentile } from "./page-list";

interface StatementStat {
  calls: number;
  ms: number;
  args: unknown[];
}

/** Every statement's time, by SQL text, while `stats` is set (better-sqlite3's Statement methods, patched once). */
let stats: Map<string, StatementStat> | undefined;

function instrument(): void {
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown>;
  probe.close();
  for (const method of ["all", "get", "run"] as const) {
    const original = proto[method] as (this: Database.Statement, ...args: unknown[]) => unknown;
    proto[method] = function (this: Database.Statement, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        if (stats) {
          const stat = stats.get(this.source) ?? { calls: 0, ms: 0, args };
          stat.calls++;
          stat.ms += performance.now() - started;
          stats.set(this.source, stat);
        }
      }
    };
  }
  const iterate = proto.iterate as (this: Database.Statement, ...args: unknown[]) => IterableIterator<unknown>;
  proto.iterate = function* (this: Database.Statement, ...args: unknown[]) {
    const stat = stats ? (stats.get(this.source) ?? { calls: 0, ms: 0, args }) : undefined;
    if (stat) stats!.set(this.source, stat);
    const it = iterate.apply(this, args);
    for (;;) {
      const started = performance.now();
      const next = it.next();
      if (stat) stat.ms += performance.now() - started;
      if (next.done) break;
      yield next.value;
    }
    if (stat) stat.calls++;
  };
}

async function pageFunctions(db: Db, now: number): Promise<Record<string, Record<string, () => unknown>>> {
  const user = (await db.row<{ id: string }>("SELECT id FROM users WHERE status = 'active' AND seat_type = 'Member' ORDER BY rowid LIMIT 1 OFFSET 17"))!;
  const bigGroup = (await db.row<{ id: string }>("SELECT id FROM groups WHERE display_name = 'Okta Licensed Users'"))!.id;
  const users = (search: string) => async () => browseUsers(db, userFiltersToQuery(parseUserFilters(new URLSearchParams(search))));
  const activity = (search: string) => async () => listActivity(db, activityFiltersToQuery(parseActivityFilters(new URLSearchParams(search)), now));
  const usersTotal = (await browseUsers(db, userFiltersToQuery(parseUserFilters(new URLSearchParams(""))))).total;
  const activityTotal = (await listActivity(db, activityFiltersToQuery(parseActivityFilters(new URLSearchParams("")), now))).total;
  const preview = (direction: "down" | "up", page: number) => async () => previewDirectoryIntegration(db, { now, direction, page, pageSize: 20 });
  return {
    "Admin layout (every page)": { getPlan: async () => getPlan(db), getProvisioningAlert: async () => getProvisioningAlert(db, now) },
    "Users: first page": { browseUsers: await users("") },
    "Users: last page": { browseUsers: await users(`page=${Math.ceil(usersTotal / 50)}`) },
    "Users: sort name": { browseUsers: await users("sort=name") },
    "Users: sort seat": { browseUsers: await users("sort=seat") },
    "Users: sort status": { browseUsers: await users("sort=status") },
    "Users: sort source": { browseUsers: await users("sort=source") },
    "Users: sort firstSignIn": { browseUsers: await users("sort=firstSignIn") },
    "Users: sort lastSignIn desc": { browseUsers: await users("sort=lastSignIn&dir=desc") },
    "Users: search": { browseUsers: await users("q=mar") },
    "Users: filter seat=Member": { browseUsers: await users("seat=Member") },
    "User page": {
      findUserById: async () => findUserById(db, user.id),
      getUserProfile: async () => getUserProfile(db, user.id),
      explainUserSeat: async () => explainUserSeat(db, (await findUserById(db, user.id))!, now),
      listUserHistory: async () => listUserHistory(db, { userId: user.id, page: 1 }),
      listSeatOptions: async () => listSeatOptions(db, (await findUserById(db, user.id))!),
    },
    Groups: { listGroups: async () => listGroups(db) },
    "Group page": { listGroupMembers: async () => listGroupMembers(db, { groupId: bigGroup }) },
    "Activity: first page": { listActivity: await activity("") },
    "Activity: last page": { listActivity: await activity(`page=${Math.ceil(activityTotal / 50)}`) },
    "Activity: search": { listActivity: await activity("q=maria") },
    Overview: {
      getOverview: async () => getOverview(db, now),
      getSetupChecklist: async () => getSetupChecklist(db, now),
      getWarnings: async () => getWarnings(db, now),
      listSeatSnapshots: async () => listSeatSnapshots(db, now, 90),
      "listActivity (recent 10)": async () => listActivity(db, { page: 1, pageSize: 10 }),
      listRefusedWhileOff: async () => listRefusedWhileOff(db, { now }),
      getProvisioningHealth: async () => getProvisioningHealth(db, now),
    },
    "Security & Controls (every sub-page)": { getSecurityState: async () => getSecurityState(db) },
    "DI preview: down, page 1": { previewDirectoryIntegration: await preview("down", 1) },
    "DI preview: up, page 1": { previewDirectoryIntegration: await preview("up", 1) },
  };
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) throw new Error("usage: tsx bench/page-data.ts <database> [runs] [--plans] [--only <page prefix>]");
  const runs = Number(process.argv[3] ?? 5) || 5;
  const plans = process.argv.includes("--plans");
  const onlyAt = process.argv.indexOf("--only");
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  instrument();
  const db = await openDatabase(path);
  const now = Date.now();
  const out: string[] = [];
  for (const [page, fns] of Object.entries(await pageFunctions(db, now))) {
    if (only && !page.startsWith(only)) continue;
    out.push(`\n## ${page}`);
    for (const [name, fn] of Object.entries(fns)) {
      try {
        fn(); // warm-up: statement caches, page cache
      } catch (error) {
        // Another engineer's change in progress (a table its migration has not made yet, say): say so, go on.
        out.push(`${name}: failed: ${(error as Error).message}`);
        continue;
      }
      const times: number[] = [];
      stats = new Map();
      for (let r = 0; r < runs; r++) {
        const started = performance.now();
        fn();
        times.push(performance.now() - started);
      }
      const measured = stats;
      stats = undefined;
      out.push(`${name}: median ${percentile(times, 0.5).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
      const top = [...measured].sort((a, b) => b[1].ms - a[1].ms).slice(0, 4);
      for (const [sql, stat] of top) {
        const perCall = stat.ms / runs;
        if (perCall < 0.5) continue;
        out.push(`  ${perCall.toFixed(1)} ms/page in ${stat.calls / runs} call(s): ${sql.replace(/\s+/g, " ").slice(0, 400)}`);
        if (plans) {
          try {
            const rows = await db.rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...(stat.args as SqlParam[]));
            for (const row of rows) out.push(`      plan: ${row.detail}`);
          } catch (error) {
            out.push(`      plan: (not available: ${(error as Error).message})`);
          }
        }
      }
    }
  }
  sqliteConnectionOf(db).close();
  process.stdout.write(`${out.join("\n")}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
