/**
 * The benchmark's in-process measurements, run as their own process on the server's core
 * while the server idles: turning Directory Integration on (the full re-evaluation of
 * every user), the Admin Center users query as the users page runs it, and the query
 * plans behind the numbers (SQLite's EXPLAIN QUERY PLAN).
 *
 *   tsx bench/tasks.ts di-on <database>
 *   tsx bench/tasks.ts admin-query <database> [runs]
 *   tsx bench/tasks.ts explain <database>
 */
import { closeDatabase, openDatabase, type Db, type SqlParam } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { listUsers, listUsersQuerySchema, USER_LIST_ORDER, userListFilter } from "@/lib/directory/list-users";
import { reevaluateAllUsers } from "@/lib/directory/reevaluate-all-users";
import { turnOnDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { compileFilter, parseFilter } from "@/lib/scim/filter";
import { EXISTING_USER_IDS_SQL } from "@/lib/groups/group-queries";
import { userPageSql } from "@/lib/users/user-queries";
import { summarise } from "./stats";
import { SEARCH_PREFIXES, userNameOf } from "./people";
import { BENCH_ADMIN } from "./seed";

async function timeIt<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** docs/product.md §3: turning DI on re-evaluates every user; then a second, steady-state re-evaluation. */
async function diOn(db: Db) {
  const on = await timeIt(async () => turnOnDirectoryIntegration(db, BENCH_ADMIN, Date.now()));
  const again = await timeIt(async () => reevaluateAllUsers(db, { kind: "admin", admin: BENCH_ADMIN }, Date.now()));
  const summary = (p: typeof on.value) => ({ upgrades: p.upgrades, downgrades: p.downgrades, unchanged: p.unchanged });
  return { diOnMs: on.ms, diOn: summary(on.value), reevaluateMs: again.ms, reevaluate: summary(again.value) };
}

/** The users page: a name/email prefix typed in the search box, a seat filter, the first page. */
async function adminQuery(db: Db, runs: number) {
  const latencies: number[] = [];
  let totals = 0;
  const started = performance.now();
  for (let r = 0; r < runs; r++) {
    const search = SEARCH_PREFIXES[r % SEARCH_PREFIXES.length]!;
    const { value, ms } = await timeIt(async () => listUsers(db, { search, seat: "Member", page: 1, pageSize: 50 }));
    latencies.push(ms);
    totals += value.total;
  }
  return { ...summarise(latencies, (performance.now() - started) / 1000, latencies.map(() => 200)), averageTotal: Math.round(totals / runs) };
}

async function plan(db: Db, sql: string, params: SqlParam[]): Promise<string[]> {
  return (await db.rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...params)).map((r) => r.detail);
}

/** The plans of the queries the workloads run, as the code builds them (SQLite's: PostgreSQL plans for itself, none here). */
async function explain(db: Db) {
  if (db.engine !== "sqlite") return {};
  const filter = compileFilter("User", parseFilter(`userName eq "${userNameOf(1)}"`), "sqlite");
  const admin = userListFilter(listUsersQuerySchema.parse({ search: "ma", seat: "Member" }), { dialect: dialectOf("sqlite") });
  return {
    existenceSelect: await plan(db, userPageSql(filter.sql, "users.rowid", false, "sqlite"), [...filter.params, 100, 0]),
    pageSelect: await plan(db, userPageSql("1", "users.rowid", false, "sqlite"), [100, 50_000]),
    // The unfiltered total is the trigger-kept counter (db/schema.ts `counters`), no count query.
    memberIds: await plan(db, EXISTING_USER_IDS_SQL, ["[]"]),
    adminSelect: await plan(db, `SELECT *, count(*) OVER () AS total FROM users WHERE ${admin.clause} ${USER_LIST_ORDER}`, [...admin.params, 50, 0]),
  };
}

async function main(): Promise<void> {
  const [command, path, runsText] = process.argv.slice(2);
  if (!command || !path) throw new Error("usage: tsx bench/tasks.ts di-on|admin-query|explain <database> [runs]");
  const db = await openDatabase(path);
  try {
    let result: unknown;
    if (command === "di-on") result = await diOn(db);
    else if (command === "admin-query") result = await adminQuery(db, Number(runsText ?? 200));
    else if (command === "explain") result = await explain(db);
    else throw new Error(`unknown task '${command}'`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await closeDatabase(db);
  }
}

if (process.argv[1]?.endsWith("tasks.ts")) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
