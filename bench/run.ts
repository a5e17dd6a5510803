/**
 * `npm run bench` (issue 6): SCIM and Admin Center speed at 10,000 and 100,000 users
 * against the bare floor and a trivial Next.js route handler, measured in ONE run, since
 * on a shared 2-core machine only ratios measured together mean anything.
 *
 *   npm run bench                 # 10,000 and 100,000 users
 *   npm run bench -- --quick      # 1,000 and 10,000 users, shorter runs (a smoke run)
 *   npm run bench -- --profile    # also write the server's CPU profiles to bench/.data/profiles
 *   npm run bench -- --pages-only # seed, DI on and workload 11 (the Admin Center pages) alone;
 *                                 # writes bench/.data/pages-results.json, not bench/results.json
 *
 * It builds nothing of its own for the app: it serves the production build `npm start`
 * serves, built (by server/build.ts, as the server entry does) only when missing or older
 * than the sources. The Next.js reference is its own
 * tiny app in bench/next-reference, built once into its own .next.
 *
 * Server processes run on core 0 and the load generator (bench/load.ts, autocannon) on
 * core 1 when `taskset` exists. Each size gets a fresh database from bench/seed.ts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "@/db/testing/free-port";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { closeDatabase, openDatabase, sqliteConnectionOf, type Engine } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { startTestPostgres, type TestPostgres } from "@/db/testing/postgres-server";
import { ensureBuild } from "@/server/build";
import { env } from "@/server/env";
import { createToken } from "@/lib/tokens/create-token";
import { getUserProfile } from "@/lib/directory/get-user-profile";
import type { PagesMeasured, PagesServer, PagesSpec } from "./pages";
import type { CannonSpec, GroupSpec, HostileMeasured, HostileSpec, LoadSpec, Measured, RoundsSpec, Scenario, SweepSpec } from "./load";
import { userBodyOf } from "./people";
import { pagesMarkdown, pagesTable, pageTargets, report, targetsFor, type BenchResults, type PageSize, type SizeResults } from "./report";
import { resetPeak, rssOf } from "./proc";
import { bodiesSize, type BodiesSize } from "./scim-bodies";
import { abMarkdown, partialTable } from "./ab-report";
import { BENCH_ADMIN, BENCH_ADMIN_PASSWORD, seedDatabase, type SeedResult } from "./seed";

const WORKLOAD_CHOICES = ["pages", "exists", "page", "page10", "sweep", "create", "putsame", "put", "group", "mixed", "hostile"] as const;

const USAGE = `npm run bench -- [flags]   (no flags: the full run, 10,000 and 100,000 users)
  --quick              1,000 and 10,000 users, shorter runs (a smoke run)
  --sizes 100000       only these directory sizes (comma-separated)
  --workloads a,b      only these workloads: ${WORKLOAD_CHOICES.join(", ")}
  --pages "Users: first,Overview"   workload 11 loads only the rows whose names start so
  --pages-only         seed, DI on and workload 11 alone
  --scim-only          serve the SCIM adapter without Next.js (no build, no pages)
  --reuse-seed         copy the database an earlier --reuse-seed run seeded
  --baseline DIR       also measure the older checkout in DIR, in alternating rounds
  --baseline-pages     run workload 11 on the baseline too
  --profile            write the server's CPU profiles to bench/.data/profiles
  --db postgres        the same workloads on a throw-away PostgreSQL server (issue 15)`;
// An unknown or misspelt flag (or --help) must not start a 20-minute run that overwrites results.
{
  const known = new Set(["--quick", "--sizes", "--workloads", "--pages", "--pages-only", "--scim-only", "--reuse-seed", "--baseline", "--baseline-pages", "--profile", "--db"]);
  const withValue = new Set(["--sizes", "--workloads", "--pages", "--baseline", "--db"]);
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (!known.has(arg)) {
      console.error(`npm run bench: unknown argument '${arg}'\n\n${USAGE}`);
      process.exit(2);
    }
    if (withValue.has(arg)) i++;
  }
}

const ROOT = process.cwd();
const DATA = join(ROOT, "bench", ".data");
const QUICK = process.argv.includes("--quick");
const PROFILE = process.argv.includes("--profile");
const PAGES_ONLY = process.argv.includes("--pages-only");
/** `--sizes 100000` (or `1000,10000`): only these directory sizes (with --pages-only, for iterating on one). */
const SIZES = argList("--sizes")?.map(Number);
/** `--pages "Users: first,Overview"`: workload 11 loads only the rows whose names start so. */
const PAGES = argList("--pages");
/** `--scim-only`: serve bench/scim-server.ts (the SCIM adapter without Next.js: no build, no pages) for iterating on SCIM. */
const SCIM_ONLY = process.argv.includes("--scim-only");
/** `--reuse-seed`: copy the database an earlier `--reuse-seed` run seeded and turned DI on in, instead of seeding again. */
const REUSE_SEED = process.argv.includes("--reuse-seed");
type WorkloadChoice = (typeof WORKLOAD_CHOICES)[number];
/** `--workloads exists,put`: only these (a partial run: a short table and bench/.data/partial-results.json, not bench/results.json). */
const WORKLOADS = argList("--workloads") as WorkloadChoice[] | undefined;
for (const name of WORKLOADS ?? []) {
  if (!WORKLOAD_CHOICES.includes(name)) throw new Error(`--workloads: unknown '${name}'; choose from ${WORKLOAD_CHOICES.join(", ")}`);
}
/**
 * `--baseline DIR`: also measure the older checkout in DIR (its own node_modules and production
 * build), every workload on both in turn and workload 1 in the same alternating rounds, so
 * before and after come from one run (issue 16). `--baseline-pages` runs workload 11 on it too.
 */
const BASELINE = argList("--baseline")?.[0] ? resolve(argList("--baseline")![0]!) : undefined;
const BASELINE_PAGES = process.argv.includes("--baseline-pages");
/**
 * `--db postgres` (issue 15): every size on a database of one throw-away PostgreSQL server
 * (db/testing/postgres-server.ts), pinned with the app server to the server core; the floor
 * is bare node:http with the same driver (bench/floor-server.ts). SQLite's file-level
 * extras (a seed cache, the baseline, scim_bodies' size on disk) are SQLite's only.
 */
const ENGINE = (argList("--db")?.[0] ?? "sqlite") as Engine;
if (ENGINE !== "sqlite" && ENGINE !== "postgres") throw new Error(`--db: 'sqlite' or 'postgres', not '${String(ENGINE)}'`);
if (ENGINE === "postgres" && (REUSE_SEED || BASELINE)) throw new Error("--db postgres: --reuse-seed and --baseline are for SQLite's files");
/** The server every size's PostgreSQL database lives on, with --db postgres. */
let postgresServer: TestPostgres | undefined;
const BENCH_AUTH_SECRET = "bench-auth-secret-at-least-32-characters-long";

function argList(name: string): string[] | undefined {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  return value ? value.split(",").map((v) => v.trim()).filter(Boolean) : undefined;
}

const CONFIG = {
  sizes: SIZES ?? (QUICK ? [1_000, 10_000] : [10_000, 100_000]),
  bigGroupMembers: QUICK ? 1_000 : 10_000,
  groups: 100,
  warmup: QUICK ? 1 : 3,
  duration: QUICK ? 3 : 10,
  mixedDuration: QUICK ? 5 : 20,
  mixedRate: 200,
  /** With a baseline beside, workload 9 alternates in this many rounds (each mixedDuration / mixedRounds long). */
  mixedRounds: QUICK ? 2 : 4,
  /** Workload 1 alternates floor, Next route handler and ours: rounds × seconds each. */
  rounds: QUICK ? 2 : 3,
  roundSeconds: QUICK ? 2 : 4,
  connections: 10,
  addSizes: [256, 1_000],
  addRepeats: QUICK ? 2 : 5,
  removes: QUICK ? 20 : 50,
  adminQueryRuns: QUICK ? 50 : 200,
  /** Workload 10, hostile traffic: rounds of IdP alone, IdP beside the hostile client, hostile alone. */
  hostileRounds: QUICK ? 2 : 3,
  hostileAloneSeconds: 1,
  /** A hostile request unanswered this long is a hang (the shedder answers within a turn of the event loop). */
  hostileHangSeconds: QUICK ? 1 : 2,
  /** At the largest size, each kind of hostile request alone for this long: which refusal costs what. */
  hostileKindSeconds: 1,
  /** Workload 11, the Admin Center pages: per row, warm-up loads, then up to `pageRequests` within `pageBudgetSeconds` (at least `pageMinRequests`). */
  pageWarmup: QUICK ? 1 : 3,
  pageRequests: QUICK ? 10 : 40,
  pageMinRequests: QUICK ? 3 : 8,
  pageBudgetSeconds: QUICK ? 3 : 15,
};

const TASKSET = spawnSync("which", ["taskset"]).status === 0 && cpus().length >= 2;
const SERVER_CPU = "0";
const LOAD_CPU = "1";
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const NEXT = join(ROOT, "node_modules", ".bin", "next");

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** `taskset -c CPU cmd args…` where taskset exists, else the command itself. */
function pinned(cpu: string, command: string, args: string[]): [string, string[]] {
  return TASKSET ? ["taskset", ["-c", cpu, command, ...args]] : [command, args];
}

// ---- processes ----

interface Service {
  child: ChildProcess;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a server and resolves once `ready` appears in its output (and it answers `probe`). */
async function startService(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  ready: RegExp,
  probePath: string,
  timeoutMs = 300_000,
  cwd = ROOT,
): Promise<Service> {
  const [cmd, cmdArgs] = pinned(SERVER_CPU, command, args);
  const child = spawn(cmd, cmdArgs, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const started = Date.now();
  while (!ready.test(output)) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it was ready:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill("SIGKILL");
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output}`);
    }
    await sleep(100);
  }
  // The first request may still load code: answer one before measuring anything.
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${probePath}`);
      await response.arrayBuffer();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(100);
    }
  }
  log(`${name} ready on port ${port} (pid ${child.pid})`);
  return {
    child,
    port,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a tsx script to completion on `cpu` and parses its last output line as JSON. */
function runJson<T>(cpu: string, script: string, args: string[], forwardStderr = false, build: { root: string } = { root: ROOT }): Promise<T> {
  const [cmd, cmdArgs] = pinned(cpu, join(build.root, "node_modules", ".bin", "tsx"), [script, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd: build.root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
      if (forwardStderr) process.stderr.write(c);
    });
    child.once("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${script} ${args.join(" ")} failed (${code}):\n${err}${out}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result:\n${out}\n${err}`));
      }
    });
  });
}

let specCounter = 0;
async function load<T = Measured>(spec: LoadSpec): Promise<T> {
  const path = join(DATA, `spec-${process.pid}-${specCounter++}.json`);
  writeFileSync(path, JSON.stringify(spec));
  try {
    return await runJson<T>(LOAD_CPU, "bench/load.ts", [path]);
  } finally {
    rmSync(path, { force: true });
  }
}

// ---- the database, read from the bench process for request inputs ----

/** A seeded user's id and the index its userName was made from (bench/people.ts). */
const pairOf = (r: { id: string; userName: string }): [string, number] => [r.id, Number(/\.(\d+)@/.exec(r.userName)?.[1] ?? -1)];

async function readInputs(dbPath: string, bigGroupId: string) {
  const db = await openDatabase(dbPath);
  try {
    const visible = (await db.row<{ n: number }>("SELECT count(*) AS n FROM users WHERE scim_deleted_at IS NULL AND seat_type <> 'Guest'"))!.n;
    const pairs = (await db
      .rows<{ id: string; userName: string }>(
        `SELECT id, user_name AS "userName" FROM users
          WHERE status = 'active' AND seat_type <> 'Guest' AND scim_deleted_at IS NULL AND source = 'scim'
          ORDER BY random() LIMIT 20000`,
      ))
      .map(pairOf)
      .filter(([, i]) => i >= 0);
    // The same PUTs among the big group's members, whose group keeps them Members whatever their
    // roles: the same work at every size. The seed caps that group at 10,000, so at 10k every
    // user is in it and `pairs` keeps every seat, while at 100k most of `pairs` change a seat
    // (and trip the breaker): README "Issue 16: measured after that run".
    const sameSeatPairs = (await db
      .rows<{ id: string; userName: string }>(
        `SELECT id, user_name AS "userName" FROM users
          WHERE status = 'active' AND seat_type <> 'Guest' AND scim_deleted_at IS NULL AND source = 'scim'
            AND id IN (SELECT user_id FROM group_members WHERE group_id = ?)
          ORDER BY random() LIMIT 20000`,
        bigGroupId,
      ))
      .map(pairOf)
      .filter(([, i]) => i >= 0);
    const smallGroupId = (await db.row<{ id: string }>("SELECT id FROM groups WHERE display_name = 'Team 050'"))?.id;
    const removeIds = (await db
      .rows<{ id: string }>("SELECT user_id AS id FROM group_members WHERE group_id = ? ORDER BY random() LIMIT ?", bigGroupId, CONFIG.removes + 5))
      .map((r) => r.id);
    // The user page workload 11 loads: an active SCIM Member in the big group, as an admin would open.
    const pageUser = (await db.row<{ id: string }>(
      `SELECT u.id FROM users u JOIN group_members gm ON gm.user_id = u.id AND gm.group_id = ?
        WHERE u.status = 'active' AND u.seat_type = 'Member' ORDER BY ${dialectOf(db.engine).rowid("u")} LIMIT 1 OFFSET 17`,
      bigGroupId,
    ))!;
    const profile = await getUserProfile(db, pageUser.id);
    const bigGroupName = (await db.row<{ name: string }>("SELECT display_name AS name FROM groups WHERE id = ?", bigGroupId))!.name;
    return {
      visible,
      pairs,
      sameSeatPairs,
      smallGroupId,
      removeIds,
      pageInputs: { userId: pageUser.id, userTitle: profile.name ?? profile.userName, groupId: bigGroupId, groupTitle: bigGroupName, userSearch: "mar", activitySearch: "maria" },
    };
  } finally {
    await closeDatabase(db);
  }
}

/** Results of a PostgreSQL run go beside SQLite's, never over them. */
const RESULTS_SUFFIX = ENGINE === "postgres" ? "-postgres" : "";

/** The plan's second token (two may be active), for the hostile client: an IdP's own token stays its own. */
async function createHostileToken(dbPath: string): Promise<string> {
  const db = await openDatabase(dbPath);
  try {
    return (await createToken(db, { name: "Hostile client (bench)" }, BENCH_ADMIN)).token;
  } finally {
    await closeDatabase(db);
  }
}

/** Rows in the activity log, read beside the running server (WAL: readers never block it). */
async function activityRows(dbPath: string): Promise<number> {
  const db = await openDatabase(dbPath);
  try {
    return (await db.row<{ n: number }>("SELECT count(*) AS n FROM activity"))!.n;
  } finally {
    await closeDatabase(db);
  }
}

/** scim_bodies after the SCIM workloads (issue 14 §3): what a run's requests keep. */
async function scimBodiesOf(dbPath: string): Promise<BodiesSize> {
  const db = await openDatabase(dbPath);
  try {
    return await bodiesSize(db, dbPath);
  } finally {
    await closeDatabase(db);
  }
}

async function spareUserIds(dbPath: string, groupId: string, count: number): Promise<string[]> {
  const db = await openDatabase(dbPath);
  try {
    return (await db
      .rows<{ id: string }>(
        `SELECT id FROM users u WHERE status = 'active' AND seat_type <> 'Guest' AND scim_deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = ? AND gm.user_id = u.id)
         ORDER BY ${dialectOf(db.engine).rowid("u")} DESC LIMIT ?`,
        groupId,
        count,
      ))
      .map((r) => r.id);
  } finally {
    await closeDatabase(db);
  }
}

/** Creates users over SCIM until `count` exist outside the group (the 10k size has no one left). */
async function ensureSpareUsers(base: string, authorization: string, dbPath: string, groupId: string, count: number): Promise<string[]> {
  let ids = await spareUserIds(dbPath, groupId, count);
  for (let n = ids.length; n < count; n++) {
    const userName = `spare.${process.pid}.${n}@example.com`;
    const response = await fetch(`${base}/Users`, {
      method: "POST",
      headers: { authorization, "content-type": "application/scim+json" },
      body: JSON.stringify(userBodyOf(n, { userName })),
    });
    if (response.status !== 201) throw new Error(`creating a spare user failed: ${response.status} ${await response.text()}`);
    await response.arrayBuffer().catch(() => undefined);
  }
  if (ids.length < count) ids = await spareUserIds(dbPath, groupId, count);
  return ids;
}

// ---- the two references ----

/** The floor: bare node:http on the same database (bench/floor-server.ts). */
async function startFloor(dbPath: string): Promise<Service> {
  const port = await freePort();
  return startService("floor server", TSX, ["bench/floor-server.ts", dbPath, String(port)], process.env, port, /floor listening/, `/scim/v2/Users?filter=${encodeURIComponent('userName eq "x"')}`);
}

/** A trivial Next.js route handler (bench/next-reference), its own build and `next start`. */
async function startNextReference(): Promise<Service> {
  const dir = join(ROOT, "bench", "next-reference");
  if (!existsSync(join(dir, ".next", "BUILD_ID"))) {
    log("building the Next.js reference app (bench/next-reference, its own .next)…");
    const build = spawnSync(NEXT, ["build", dir], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build of bench/next-reference failed");
  }
  const port = await freePort();
  return startService(
    "Next.js reference",
    NEXT,
    ["start", dir, "-p", String(port), "-H", "127.0.0.1"],
    { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    port,
    /Ready|started server|Local:/i,
    "/scim/v2/Users",
  );
}

function cannon(baseUrl: string, authorization: string | undefined, scenario: Scenario, users: number, visible: number, extra: Partial<CannonSpec> = {}): CannonSpec {
  return {
    mode: "cannon",
    baseUrl,
    ...(authorization ? { authorization } : {}),
    scenario,
    connections: CONFIG.connections,
    duration: CONFIG.duration,
    warmup: CONFIG.warmup,
    users: users || CONFIG.sizes.at(-1)!,
    visible,
    tag: `${Date.now().toString(36)}`,
    ...extra,
  };
}

// ---- one size ----

/**
 * A build to measure: ours (this checkout) or, with `--baseline DIR`, an older checkout with
 * its own production build, so before and after are measured in one run under the same load
 * (issue 16). Each build gets its own database, seeded by its own code.
 */
interface Build {
  label: "ours" | "baseline";
  root: string;
}

const OURS: Build = { label: "ours", root: ROOT };
const BASELINE_BUILD: Build | undefined = BASELINE ? { label: "baseline", root: BASELINE } : undefined;
const tsxOf = (build: Build) => join(build.root, "node_modules", ".bin", "tsx");

/**
 * The Node flags a build's own `npm start` passes before its entry (`tsx --max-old-space-size=256
 * server/index.ts`), so the bench measures the server as `npm start` runs it, each build with its own.
 */
function startFlagsOf(build: Build): string[] {
  const scripts = (JSON.parse(readFileSync(join(build.root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts;
  const words = (scripts?.start ?? "").split(/\s+/);
  const entry = words.findIndex((word) => word.endsWith(".ts") || word.endsWith(".js"));
  return words.slice(1, entry < 0 ? words.length : entry).filter((word) => word.startsWith("--"));
}

/** The server: the real entry (production build) or, with --scim-only, bench/scim-server.ts; on the server core. */
async function startServer(dbPath: string, users: number, build: Build = OURS): Promise<Service> {
  // Sources others change while the bench runs would make the server build on start,
  // inside startService's timeout: build here first (a no-op when the build is current).
  if (!SCIM_ONLY && build === OURS && ensureBuild(ROOT, env().NEXT_DIST_DIR)) log("rebuilt the app: sources changed since the last build");
  const port = await freePort();
  const profileDir = join(DATA, "profiles", String(users), build.label);
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  const entry = SCIM_ONLY ? join(ROOT, "bench", "scim-server.ts") : "server/index.ts";
  return startService(
    `${build.label} server (tsx ${SCIM_ONLY ? "bench/scim-server.ts" : "server/index.ts"})`,
    tsxOf(build),
    // --cpu-prof is not allowed in NODE_OPTIONS; tsx hands node flags to the server process.
    [...startFlagsOf(build), ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--import", join(ROOT, "bench", "profile-exit.mjs")] : []), entry],
    {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      // On PostgreSQL, DATABASE_PATH's folder holds only the setup code.
      ...(ENGINE === "postgres"
        ? { DATABASE_URL: dbPath, DATABASE_PATH: join(DATA, `pg-instance-${users}`, "admin-center.db"), AUTH_SECRET: BENCH_AUTH_SECRET }
        : { DATABASE_PATH: dbPath }),
      // Far above what the load sends: the limiter is measured, never hit.
      SCIM_RATE_LIMIT_PER_MINUTE: "1000000000",
    },
    port,
    /listening on/,
    "/scim/v2/ServiceProviderConfig",
    300_000,
    build.root,
  );
}

/** Workload 11 (issue 13): the Admin Center pages over HTTP, signed in as the bench admin (bench/pages.ts), on each server row by row in turn. */
async function measurePages(servers: { server: Service; inputs: PagesServer["inputs"] }[]): Promise<PagesMeasured[]> {
  const path = join(DATA, `pages-${process.pid}-${specCounter++}.json`);
  const spec: PagesSpec = {
    mode: "pages",
    servers: servers.map(({ server, inputs }) => ({ baseUrl: `http://127.0.0.1:${server.port}`, serverPid: server.child.pid!, inputs })),
    email: BENCH_ADMIN,
    password: BENCH_ADMIN_PASSWORD,
    warmup: CONFIG.pageWarmup,
    requests: CONFIG.pageRequests,
    minRequests: CONFIG.pageMinRequests,
    budgetSeconds: CONFIG.pageBudgetSeconds,
    ...(PAGES ? { only: PAGES } : {}),
  };
  writeFileSync(path, JSON.stringify(spec));
  try {
    return await runJson<PagesMeasured[]>(LOAD_CPU, "bench/pages.ts", [path], true);
  } finally {
    rmSync(path, { force: true });
  }
}

/**
 * A fresh database for one size, seeded by the build's own bench/seed.ts (a baseline gets
 * its own schema and seed), Directory Integration then turned on by its bench/tasks.ts.
 * `--reuse-seed` copies the database a previous run seeded (and turned DI on in) instead.
 */
async function prepareDatabase(users: number, build: Build): Promise<{ dbPath: string; seed: SeedResult; di: DiOnResult }> {
  const suffix = build === OURS ? "" : "-baseline";
  const dbPath = postgresServer ? await postgresServer.createDatabase(`bench_${users}`) : join(DATA, `users-${users}${suffix}.db`);
  const cached = join(DATA, `seeded-${users}${suffix}.db`);
  const cachedMeta = `${cached}.json`;
  const removeDb = (path: string) => ["", "-wal", "-shm"].forEach((s) => rmSync(`${path}${s}`, { force: true }));
  if (REUSE_SEED && existsSync(cached) && existsSync(cachedMeta)) {
    removeDb(dbPath);
    copyFileSync(cached, dbPath);
    log(`${build.label}: reused the seeded database ${cached}`);
    return JSON.parse(readFileSync(cachedMeta, "utf8")) as { dbPath: string; seed: SeedResult; di: DiOnResult };
  }
  log(`${build.label}: seeding ${users} users into ${dbPath}…`);
  const seedOptions = { path: dbPath, users, bigGroupMembers: CONFIG.bigGroupMembers, groups: CONFIG.groups };
  let seed: SeedResult;
  if (build === OURS) seed = await seedDatabase(seedOptions);
  else {
    // The baseline's own seed code, run in its own checkout (its schema, its migrations).
    const script = join(build.root, "bench", ".data", "ab-seed.ts");
    mkdirSync(dirname(script), { recursive: true });
    writeFileSync(script, `import { seedDatabase } from "../seed";\nconsole.log(JSON.stringify(seedDatabase(${JSON.stringify(seedOptions)})));\n`);
    seed = await runJson<SeedResult>(SERVER_CPU, script, [], false, build);
  }
  log(`${build.label}: seeded in ${seed.seconds.toFixed(1)} s (${seed.memberships} memberships, ${seed.activityRows} activity entries)`);
  log(`${build.label}: Directory Integration on: the full re-evaluation`);
  const di = await runJson<DiOnResult>(SERVER_CPU, "bench/tasks.ts", ["di-on", dbPath], false, build);
  log(`${build.label}: DI on ${di.diOnMs.toFixed(0)} ms ${JSON.stringify(di.diOn)}; again ${di.reevaluateMs.toFixed(0)} ms`);
  if (REUSE_SEED) {
    const db = await openDatabase(dbPath);
    sqliteConnectionOf(db).pragma("wal_checkpoint(TRUNCATE)");
    await closeDatabase(db);
    copyFileSync(dbPath, cached);
    writeFileSync(cachedMeta, JSON.stringify({ dbPath, seed, di }));
  }
  return { dbPath, seed, di };
}

type DiOnResult = { diOnMs: number; diOn: Record<string, number>; reevaluateMs: number; reevaluate: Record<string, number> };

/** `--pages-only`: a fresh database, DI on, and workload 11 alone (for iterating on the pages). */
async function measurePagesOnly(users: number): Promise<PageSize & { seedSeconds: number; diOnMs: number }> {
  const { dbPath, seed, di } = await prepareDatabase(users, OURS);
  const inputs = await readInputs(dbPath, seed.bigGroupId);
  const server = await startServer(dbPath, users);
  try {
    log("11. Admin Center pages over HTTP (1 connection, sequential)");
    const [pages] = await measurePages([{ server, inputs: inputs.pageInputs }]);
    return { users, seedSeconds: seed.seconds, diOnMs: di.diOnMs, pages };
  } catch (error) {
    log(`server output:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    await server.stop();
  }
}

/** One build's side of a size: its database, server, inputs and what was measured on it. */
interface Side {
  build: Build;
  dbPath: string;
  seed: SeedResult;
  di: DiOnResult;
  inputs: Awaited<ReturnType<typeof readInputs>>;
  authorization: string;
  hostileAuthorization: string;
  adminQuery: Measured & { averageTotal: number };
  explain: Record<string, string[]>;
  server?: Service;
  rss: { peakMb: number; anonMb: number; fileMb: number };
  rssBeforeHostile: number;
  /** VmHWM during each workload alone (started again before it), MB. */
  peakByWorkloadMb: Record<string, number>;
  workloads: SizeResults["workloads"];
  pages?: PagesMeasured;
  hostile?: HostileMeasured;
  scimBodies?: BodiesSize;
}

const wants = (name: WorkloadChoice) => WORKLOADS === undefined || WORKLOADS.includes(name);

async function prepareSide(users: number, build: Build): Promise<Side> {
  const { dbPath, seed, di } = await prepareDatabase(users, build);
  const adminQuery = await runJson<Measured & { averageTotal: number }>(SERVER_CPU, "bench/tasks.ts", ["admin-query", dbPath, String(CONFIG.adminQueryRuns)], false, build);
  const explain = await runJson<Record<string, string[]>>(SERVER_CPU, "bench/tasks.ts", ["explain", dbPath], false, build);
  return {
    build,
    dbPath,
    seed,
    di,
    inputs: await readInputs(dbPath, seed.bigGroupId),
    authorization: `Bearer ${seed.token}`,
    hostileAuthorization: `Bearer ${await createHostileToken(dbPath)}`,
    adminQuery,
    explain,
    rss: { peakMb: 0, anonMb: 0, fileMb: 0 },
    rssBeforeHostile: 0,
    peakByWorkloadMb: {},
    workloads: {},
  };
}

async function measureSize(users: number): Promise<SizeResults> {
  const sides: Side[] = [];
  if (BASELINE_BUILD) sides.push(await prepareSide(users, BASELINE_BUILD));
  const ours = await prepareSide(users, OURS);
  sides.push(ours);
  for (const side of sides) side.server = await startServer(side.dbPath, users, side.build);
  const sample = () => {
    for (const side of sides) {
      const now = rssOf(side.server!.child.pid!);
      side.rss = { peakMb: Math.max(side.rss.peakMb, now.peakMb), anonMb: Math.max(side.rss.anonMb, now.anonMb), fileMb: Math.max(side.rss.fileMb, now.fileMb) };
    }
  };
  const sampler = setInterval(sample, 500);
  const baseOf = (side: Side) => `http://127.0.0.1:${side.server!.port}/scim/v2`;
  const cannonOf = (side: Side, scenario: Scenario, extra: Partial<CannonSpec> = {}) =>
    cannon(baseOf(side), side.authorization, scenario, users, side.inputs.visible, { serverPid: side.server!.child.pid!, ...extra });
  /**
   * Runs one workload with VmHWM started again on every server first, so each side's peak for
   * it is its own (issue 16: under 300 MB at every workload). The sampler's running maximum
   * read just before keeps the run's overall peak.
   */
  const withPeak = async <T>(name: WorkloadChoice, run: () => Promise<T>): Promise<T> => {
    sample();
    for (const side of sides) resetPeak(side.server!.child.pid!);
    const result = await run();
    sample();
    for (const side of sides) side.peakByWorkloadMb[name] = rssOf(side.server!.child.pid!).peakMb;
    return result;
  };
  /** Each side in turn (the baseline first), the same workload on the same state of its own database. */
  const each = async (label: string, name: WorkloadChoice, run: (side: Side) => Promise<void>) => {
    if (!wants(name)) return;
    log(label);
    await withPeak(name, async () => {
      for (const side of sides) await run(side);
    });
  };
  /**
   * A load workload on each side. With a baseline beside, in two alternating rounds of half the
   * duration each (baseline, ours, baseline, ours), so load that drifts during the run (another
   * process, the first side's WAL checkpoint) falls on both rather than on whichever runs second.
   */
  const alternately = async (label: string, name: WorkloadChoice, specOf: (side: Side) => CannonSpec, assign: (side: Side, measured: Measured) => void, rounds = 2) => {
    if (!wants(name)) return;
    log(label);
    await withPeak(name, async () => {
      if (sides.length === 1) {
        assign(ours, await load(specOf(ours)));
        return;
      }
      const targets = sides.map((side) => {
        const spec = specOf(side);
        return { ...spec, duration: Math.max(1, Math.round(spec.duration / rounds)) };
      });
      const measured = await load<Measured[]>({ mode: "rounds", rounds, targets } satisfies RoundsSpec);
      sides.forEach((side, i) => assign(side, measured[i]!));
    });
  };
  let floorResult: Measured | undefined;
  let nextResult: Measured | undefined;
  try {
    // Workload 11 first, on the database as seeded (DI on): the later workloads create
    // thousands of users and memberships, which would make the two sizes' pages differ by
    // more than their size.
    if (wants("pages") && !SCIM_ONLY) {
      log("11. Admin Center pages over HTTP (1 connection, sequential)");
      const measured = sides.filter((side) => side === ours || BASELINE_PAGES);
      await withPeak("pages", async () => {
        const pages = await measurePages(measured.map((side) => ({ server: side.server!, inputs: side.inputs.pageInputs })));
        measured.forEach((side, i) => (side.pages = pages[i]!));
      });
    }
    if (wants("exists")) {
      // Workload 1 and the two references, in alternating rounds under the same load.
      const floor = await startFloor(ours.dbPath);
      const nextReference = SCIM_ONLY ? undefined : await startNextReference();
      try {
        log(`1. existence check (10 connections, 70% hits): floor, ${nextReference ? "Next route handler, " : ""}${sides.map((s) => s.build.label).join(" and ")} in ${CONFIG.rounds} alternating rounds`);
        const target = (service: Service, url: string, visible: number, auth?: string) =>
          cannon(url, auth, "exists", users, visible, { duration: CONFIG.roundSeconds, serverPid: service.child.pid! });
        const targets = [
          target(floor, `http://127.0.0.1:${floor.port}/scim/v2`, ours.inputs.visible),
          ...(nextReference ? [target(nextReference, `http://127.0.0.1:${nextReference.port}/scim/v2`, ours.inputs.visible)] : []),
          ...sides.map((side) => target(side.server!, baseOf(side), side.inputs.visible, side.authorization)),
        ];
        const measured = await withPeak("exists", () => load<Measured[]>({ mode: "rounds", rounds: CONFIG.rounds, targets } satisfies RoundsSpec));
        floorResult = measured.shift();
        if (nextReference) nextResult = measured.shift();
        sides.forEach((side, i) => (side.workloads.exists = measured[i]!));
      } finally {
        await floor.stop();
        await nextReference?.stop();
      }
    }
    await alternately("4. random page reads (1 connection)", "page", (side) => cannonOf(side, "page", { connections: 1 }), (side, m) => (side.workloads.pageRandom = m));
    await alternately("4. random page reads (10 connections)", "page10", (side) => cannonOf(side, "page"), (side, m) => (side.workloads.pageRandom10 = m));
    await each("3. full import sweep (sequential pages of 100)", "sweep", async (side) => {
      side.workloads.sweep = await load<Measured>({ mode: "sweep", baseUrl: baseOf(side), authorization: side.authorization, pageSize: 100 } satisfies SweepSpec);
    });
    await alternately("2. POST /Users with roles (10 connections)", "create", (side) => cannonOf(side, "create"), (side, m) => (side.workloads.create = m));
    // Before the seat-changing PUTs below, which trip the breaker at 100k: this one meets no open trip.
    await alternately(
      "6. PUT with changed roles, seat kept (the big group's members, 10 connections)",
      "putsame",
      (side) => cannonOf(side, "put", { pairs: side.inputs.sameSeatPairs }),
      (side, m) => (side.workloads.putSameSeat = m),
    );
    await alternately("6. PUT with changed roles (a DI sync, 10 connections)", "put", (side) => cannonOf(side, "put", { pairs: side.inputs.pairs }), (side, m) => (side.workloads.put = m));
    await each("5. group PATCH on the big group", "group", async (side) => {
      // One round of every batch size is the warm-up (discarded), then the measured rounds.
      const perRound = CONFIG.addSizes.reduce((a, b) => a + b, 0);
      const spare = await ensureSpareUsers(baseOf(side), side.authorization, side.dbPath, side.seed.bigGroupId, perRound * (CONFIG.addRepeats + 1));
      const warmupBatches: string[][] = [];
      const addBatches: GroupSpec["addBatches"] = [];
      let offset = 0;
      for (let r = 0; r <= CONFIG.addRepeats; r++) {
        for (const size of CONFIG.addSizes) {
          const ids = spare.slice(offset, offset + size);
          offset += size;
          if (r === 0) warmupBatches.push(ids);
          else addBatches.push({ size, ids });
        }
      }
      const group = await load<{ adds: Record<string, Measured>; remove: Measured }>({
        mode: "group",
        baseUrl: baseOf(side),
        authorization: side.authorization,
        groupId: side.seed.bigGroupId,
        addBatches,
        removeIds: side.inputs.removeIds.slice(5, 5 + CONFIG.removes),
        warmupBatches,
        warmupRemoveIds: side.inputs.removeIds.slice(0, 5),
      } satisfies GroupSpec);
      side.workloads.groupAdd256 = group.adds["256"]!;
      side.workloads.groupAdd1000 = group.adds["1000"]!;
      side.workloads.groupRemove = group.remove;
    });
    await alternately(
      `9. mixed load at ${CONFIG.mixedRate} req/s for ${CONFIG.mixedDuration} s`,
      "mixed",
      (side) =>
        cannonOf(side, "mixed", {
          overallRate: CONFIG.mixedRate,
          duration: CONFIG.mixedDuration,
          pairs: side.inputs.pairs,
          ...(side.inputs.smallGroupId ? { smallGroupId: side.inputs.smallGroupId } : {}),
        }),
      (side, m) => (side.workloads.mixed = m),
      // Its p99 is over every answer of the rounds together (bench/load.ts), so more, shorter rounds
      // cost nothing in samples and spread the drifting load more evenly over both builds.
      CONFIG.mixedRounds,
    );

    await sleep(500); // the last reads' activity batch
    for (const side of ENGINE === "sqlite" ? sides : []) {
      side.scimBodies = await scimBodiesOf(side.dbPath);
      const b = side.scimBodies;
      log(
        `${side.build.label}: scim_bodies after workloads 1-9: ${b.rows} rows, ${(b.bodyBytes / 1048576).toFixed(1)} MB of bodies, ${b.tableBytes === null ? "n/a" : `${(b.tableBytes / 1048576).toFixed(1)} MB`} on disk; database ${(b.fileBytes / 1048576).toFixed(1)} MB`,
      );
    }

    // Last: the refusals it provokes add activity rows, which no issue-6 workload should meet.
    sample();
    for (const side of sides) side.rssBeforeHostile = side.rss.peakMb;
    await each(
      `10. hostile traffic: existence check alone, beside a hostile client (${CONFIG.connections} + ${CONFIG.connections} connections), hostile alone, in ${CONFIG.hostileRounds} alternating rounds`,
      "hostile",
      async (side) => {
        const rowsBefore = await activityRows(side.dbPath);
        side.hostile = await load<HostileMeasured>({
          mode: "hostile",
          legit: cannonOf(side, "exists", { duration: CONFIG.roundSeconds }),
          hostileAuthorization: side.hostileAuthorization,
          rounds: CONFIG.hostileRounds,
          attackAloneSeconds: CONFIG.hostileAloneSeconds,
          perKindSeconds: users === CONFIG.sizes.at(-1) ? CONFIG.hostileKindSeconds : 0,
          hangSeconds: CONFIG.hostileHangSeconds,
        } satisfies HostileSpec);
        await sleep(500); // the last refusals' activity batch
        side.hostile.activityRowsAdded = await activityRows(side.dbPath) - rowsBefore;
      },
    );
  } catch (error) {
    for (const side of sides) log(`${side.build.label} server output:\n${side.server?.output().slice(-4000)}`);
    throw error;
  } finally {
    sample();
    clearInterval(sampler);
    for (const side of sides) await side.server?.stop();
  }
  for (const side of sides) {
    const errors = /SCIM request failed[^\n]*/.exec(side.server!.output());
    if (errors) log(`the ${side.build.label} server logged: ${errors[0]}`);
  }
  const resultsOf = (side: Side): SizeResults => ({
    users,
    seedSeconds: side.seed.seconds,
    diOnMs: side.di.diOnMs,
    diOn: side.di.diOn,
    reevaluateMs: side.di.reevaluateMs,
    adminQuery: side.adminQuery,
    explain: side.explain,
    // A partial run (--workloads) leaves out what it did not measure; report() needs a full run.
    floor: floorResult!,
    nextReference: nextResult!,
    workloads: side.workloads,
    hostile: side.hostile!,
    serverPeakRssMb: side.rss.peakMb,
    serverPeakRssBeforeHostileMb: side.rssBeforeHostile,
    serverPeakRssByWorkloadMb: side.peakByWorkloadMb,
    serverRssAnonMb: side.rss.anonMb,
    serverRssFileMb: side.rss.fileMb,
    ...(side.pages ? { pages: side.pages } : {}),
    ...(side.scimBodies ? { scimBodies: side.scimBodies } : {}),
  });
  const baseline = sides.find((side) => side !== ours);
  return { ...resultsOf(ours), ...(baseline ? { baseline: resultsOf(baseline) } : {}) };
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  log(`sizes ${CONFIG.sizes.join(", ")}${QUICK ? " (--quick)" : ""}; ${TASKSET ? "server on core 0, load on core 1" : "no taskset: not pinned"}${BASELINE ? `; baseline ${BASELINE}` : ""}; ${ENGINE}`);
  if (ENGINE === "postgres") {
    postgresServer = await startTestPostgres();
    // The database server shares the server core with the app server, as SQLite runs inside it.
    if (TASKSET) spawnSync("taskset", ["-a", "-cp", SERVER_CPU, String(postgresServer.pid)], { stdio: "ignore" });
    process.once("exit", () => void postgresServer?.stop());
    log(`PostgreSQL on ${postgresServer.url}`);
  }
  try {
    await run(started, loadAtStart);
  } finally {
    await postgresServer?.stop();
  }
}

async function run(started: number, loadAtStart: number): Promise<void> {
  // The production build `npm start` serves, built up front (as the server entry would on
  // its first start) so no build ever runs while something is measured.
  if (!SCIM_ONLY && ensureBuild(ROOT, env().NEXT_DIST_DIR)) log("built the app once, before measuring");
  if (BASELINE && !SCIM_ONLY && !existsSync(join(BASELINE, env().NEXT_DIST_DIR, "BUILD_ID"))) {
    throw new Error(`--baseline ${BASELINE}: it has no production build; run \`npx next build\` there first (the bench never builds the baseline).`);
  }
  if (PAGES_ONLY) return pagesOnly(started, loadAtStart);
  const sizes: SizeResults[] = [];
  for (const users of CONFIG.sizes) sizes.push(await measureSize(users));
  const results: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      quick: QUICK,
      pinned: TASKSET,
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      config: { ...CONFIG, engine: ENGINE, ...(BASELINE ? { baseline: BASELINE } : {}) },
      totalSeconds: 0,
    },
    sizes,
  };
  results.meta.totalSeconds = Math.round((Date.now() - started) / 1000);
  if (WORKLOADS !== undefined || SCIM_ONLY) {
    writeFileSync(join(DATA, `partial-results${RESULTS_SUFFIX}.json`), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${partialTable(results)}\n${BASELINE ? `\n${abMarkdown(results)}\n` : ""}(load average ${results.meta.loadAverage.start.toFixed(1)} → ${results.meta.loadAverage.end.toFixed(1)})\n`);
    log(`done in ${results.meta.totalSeconds} s; a partial run: wrote bench/.data/partial-results${RESULTS_SUFFIX}.json`);
    return;
  }
  const { table, summary } = report(results);
  writeFileSync(join(ROOT, "bench", `results${RESULTS_SUFFIX}.json`), `${JSON.stringify({ ...results, ...summary }, null, 2)}\n`);
  writeFileSync(join(DATA, `pages-table${RESULTS_SUFFIX}.md`), `${pagesMarkdown(results.sizes, targetsFor(ENGINE).pages)}\n`);
  process.stdout.write(`${table}\n`);
  if (BASELINE) {
    const ab = abMarkdown(results);
    writeFileSync(join(DATA, "ab-table.md"), `${ab}\n`);
    process.stdout.write(`\nBefore (${BASELINE}) and after (this checkout), one run:\n\n${ab}\n`);
  }
  log(`done in ${results.meta.totalSeconds} s; wrote bench/results${RESULTS_SUFFIX}.json${BASELINE ? " and bench/.data/ab-table.md" : ""}`);
}

async function pagesOnly(started: number, loadAtStart: number): Promise<void> {
  const sizes = [];
  for (const users of CONFIG.sizes) sizes.push(await measurePagesOnly(users));
  const limits = targetsFor(ENGINE).pages;
  const targets = pageTargets(sizes, limits);
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    quick: QUICK,
    pinned: TASKSET,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(DATA, "pages-results.json"), `${JSON.stringify({ meta, sizes, targets }, null, 2)}\n`);
  writeFileSync(join(DATA, "pages-table.md"), `${pagesMarkdown(sizes, limits)}\n`);
  const targetLines = targets.map((t) => `${t.met ? "MET   " : "MISSED"}  ${t.target}: ${t.value}`).join("\n");
  process.stdout.write(`${pagesTable(sizes, limits)}\n\n${targetLines}\n(load average ${meta.loadAverage.start.toFixed(1)} at the start, ${meta.loadAverage.end.toFixed(1)} at the end)\n`);
  log(`done in ${meta.totalSeconds} s; wrote bench/.data/pages-results.json and pages-table.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
