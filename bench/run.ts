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
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@/db/client";
import { ensureBuild } from "@/server/build";
import { env } from "@/server/env";
import { createToken } from "@/lib/tokens/create-token";
import { getUserProfile } from "@/lib/directory/get-user-profile";
import type { PagesMeasured, PagesSpec } from "./pages";
import type { CannonSpec, GroupSpec, HostileMeasured, HostileSpec, LoadSpec, Measured, RoundsSpec, Scenario, SweepSpec } from "./load";
import { userBodyOf } from "./people";
import { pagesMarkdown, pagesTable, pageTargets, report, type BenchResults, type PageSize, type SizeResults } from "./report";
import { rssOf } from "./proc";
import { bodiesSize, type BodiesSize } from "./scim-bodies";
import { BENCH_ADMIN, BENCH_ADMIN_PASSWORD, seedDatabase } from "./seed";

const ROOT = process.cwd();
const DATA = join(ROOT, "bench", ".data");
const QUICK = process.argv.includes("--quick");
const PROFILE = process.argv.includes("--profile");
const PAGES_ONLY = process.argv.includes("--pages-only");
/** `--sizes 100000` (or `1000,10000`): only these directory sizes (with --pages-only, for iterating on one). */
const SIZES = argList("--sizes")?.map(Number);
/** `--pages "Users: first,Overview"`: workload 11 loads only the rows whose names start so. */
const PAGES = argList("--pages");

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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
): Promise<Service> {
  const [cmd, cmdArgs] = pinned(SERVER_CPU, command, args);
  const child = spawn(cmd, cmdArgs, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
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
function runJson<T>(cpu: string, script: string, args: string[], forwardStderr = false): Promise<T> {
  const [cmd, cmdArgs] = pinned(cpu, TSX, [script, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
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

function readInputs(dbPath: string, bigGroupId: string) {
  const db = openDatabase(dbPath);
  try {
    const sqlite = db.$client;
    const visible = (sqlite.prepare("SELECT count(*) AS n FROM users WHERE scim_deleted_at IS NULL AND seat_type <> 'Guest'").get() as { n: number }).n;
    const pairs = (
      sqlite
        .prepare(
          `SELECT id, user_name AS userName FROM users
            WHERE status = 'active' AND seat_type <> 'Guest' AND scim_deleted_at IS NULL AND source = 'scim'
            ORDER BY random() LIMIT 20000`,
        )
        .all() as { id: string; userName: string }[]
    )
      .map((r) => [r.id, Number(/\.(\d+)@/.exec(r.userName)?.[1] ?? -1)] as [string, number])
      .filter(([, i]) => i >= 0);
    const smallGroupId = (sqlite.prepare("SELECT id FROM groups WHERE display_name = 'Team 050'").get() as { id: string } | undefined)?.id;
    const removeIds = (
      sqlite.prepare("SELECT user_id AS id FROM group_members WHERE group_id = ? ORDER BY random() LIMIT ?").all(bigGroupId, CONFIG.removes + 5) as { id: string }[]
    ).map((r) => r.id);
    // The user page workload 11 loads: an active SCIM Member in the big group, as an admin would open.
    const pageUser = sqlite
      .prepare(
        `SELECT u.id FROM users u JOIN group_members gm ON gm.user_id = u.id AND gm.group_id = ?
          WHERE u.status = 'active' AND u.seat_type = 'Member' ORDER BY u.rowid LIMIT 1 OFFSET 17`,
      )
      .get(bigGroupId) as { id: string };
    const profile = getUserProfile(db, pageUser.id);
    const bigGroupName = (sqlite.prepare("SELECT display_name AS name FROM groups WHERE id = ?").get(bigGroupId) as { name: string }).name;
    return {
      visible,
      pairs,
      smallGroupId,
      removeIds,
      pageInputs: { userId: pageUser.id, userTitle: profile.name ?? profile.userName, groupId: bigGroupId, groupTitle: bigGroupName, userSearch: "mar", activitySearch: "maria" },
    };
  } finally {
    db.$client.close();
  }
}

/** The plan's second token (two may be active), for the hostile client: an IdP's own token stays its own. */
function createHostileToken(dbPath: string): string {
  const db = openDatabase(dbPath);
  try {
    return createToken(db, { name: "Hostile client (bench)" }, BENCH_ADMIN).token;
  } finally {
    db.$client.close();
  }
}

/** Rows in the activity log, read beside the running server (WAL: readers never block it). */
function activityRows(dbPath: string): number {
  const db = openDatabase(dbPath);
  try {
    return (db.$client.prepare("SELECT count(*) AS n FROM activity").get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
}

/** scim_bodies after the SCIM workloads (issue 14 §3): what a run's requests keep. */
function scimBodiesOf(dbPath: string): BodiesSize {
  const db = openDatabase(dbPath);
  try {
    return bodiesSize(db, dbPath);
  } finally {
    db.$client.close();
  }
}

function spareUserIds(dbPath: string, groupId: string, count: number): string[] {
  const db = openDatabase(dbPath);
  try {
    return (
      db.$client
        .prepare(
          `SELECT id FROM users u WHERE status = 'active' AND seat_type <> 'Guest' AND scim_deleted_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = ? AND gm.user_id = u.id)
           ORDER BY rowid DESC LIMIT ?`,
        )
        .all(groupId, count) as { id: string }[]
    ).map((r) => r.id);
  } finally {
    db.$client.close();
  }
}

/** Creates users over SCIM until `count` exist outside the group (the 10k size has no one left). */
async function ensureSpareUsers(base: string, authorization: string, dbPath: string, groupId: string, count: number): Promise<string[]> {
  let ids = spareUserIds(dbPath, groupId, count);
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
  if (ids.length < count) ids = spareUserIds(dbPath, groupId, count);
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

/** Ours: the real entry, production build, on the server core (with --profile, writing its CPU profile on exit). */
async function startServer(dbPath: string, users: number): Promise<Service> {
  // Sources others change while the bench runs would make the server build on start,
  // inside startService's timeout: build here first (a no-op when the build is current).
  if (ensureBuild(ROOT, env().NEXT_DIST_DIR)) log("rebuilt the app: sources changed since the last build");
  const port = await freePort();
  const profileDir = join(DATA, "profiles", String(users));
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  return startService(
    "server (tsx server/index.ts)",
    TSX,
    // --cpu-prof is not allowed in NODE_OPTIONS; tsx hands node flags to the server process.
    PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--import", join(ROOT, "bench", "profile-exit.mjs"), "server/index.ts"]
      : ["server/index.ts"],
    {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: dbPath,
      // Far above what the load sends: the limiter is measured, never hit.
      SCIM_RATE_LIMIT_PER_MINUTE: "1000000000",
    },
    port,
    /listening on/,
    "/scim/v2/ServiceProviderConfig",
  );
}

/** Workload 11 (issue 13): the Admin Center pages over HTTP, signed in as the bench admin (bench/pages.ts). */
async function measurePages(server: Service, inputs: PagesSpec["inputs"]): Promise<PagesMeasured> {
  const path = join(DATA, `pages-${process.pid}-${specCounter++}.json`);
  const spec: PagesSpec = {
    mode: "pages",
    baseUrl: `http://127.0.0.1:${server.port}`,
    email: BENCH_ADMIN,
    password: BENCH_ADMIN_PASSWORD,
    warmup: CONFIG.pageWarmup,
    requests: CONFIG.pageRequests,
    minRequests: CONFIG.pageMinRequests,
    budgetSeconds: CONFIG.pageBudgetSeconds,
    serverPid: server.child.pid!,
    inputs,
    ...(PAGES ? { only: PAGES } : {}),
  };
  writeFileSync(path, JSON.stringify(spec));
  try {
    return await runJson<PagesMeasured>(LOAD_CPU, "bench/pages.ts", [path], true);
  } finally {
    rmSync(path, { force: true });
  }
}

/** `--pages-only`: a fresh database, DI on, and workload 11 alone (for iterating on the pages). */
async function measurePagesOnly(users: number): Promise<PageSize & { seedSeconds: number; diOnMs: number }> {
  const dbPath = join(DATA, `users-${users}.db`);
  log(`seeding ${users} users into ${dbPath}…`);
  const seed = seedDatabase({ path: dbPath, users, bigGroupMembers: CONFIG.bigGroupMembers, groups: CONFIG.groups });
  log(`seeded in ${seed.seconds.toFixed(1)} s (${seed.memberships} memberships, ${seed.activityRows} activity entries)`);
  const di = await runJson<{ diOnMs: number }>(SERVER_CPU, "bench/tasks.ts", ["di-on", dbPath]);
  log(`DI on ${di.diOnMs.toFixed(0)} ms`);
  const inputs = readInputs(dbPath, seed.bigGroupId);
  const server = await startServer(dbPath, users);
  try {
    log("11. Admin Center pages over HTTP (1 connection, sequential)");
    const pages = await measurePages(server, inputs.pageInputs);
    return { users, seedSeconds: seed.seconds, diOnMs: di.diOnMs, pages };
  } catch (error) {
    log(`server output:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    await server.stop();
  }
}

async function measureSize(users: number): Promise<SizeResults> {
  const dbPath = join(DATA, `users-${users}.db`);
  log(`seeding ${users} users into ${dbPath}…`);
  const seed = seedDatabase({ path: dbPath, users, bigGroupMembers: CONFIG.bigGroupMembers, groups: CONFIG.groups });
  log(`seeded in ${seed.seconds.toFixed(1)} s (${seed.memberships} memberships, ${seed.activityRows} activity entries)`);

  log("Directory Integration on: the full re-evaluation");
  const di = await runJson<{ diOnMs: number; diOn: Record<string, number>; reevaluateMs: number; reevaluate: Record<string, number> }>(
    SERVER_CPU, "bench/tasks.ts", ["di-on", dbPath],
  );
  log(`DI on ${di.diOnMs.toFixed(0)} ms ${JSON.stringify(di.diOn)}; again ${di.reevaluateMs.toFixed(0)} ms`);
  log("Admin Center users query");
  const adminQuery = await runJson<Measured & { averageTotal: number }>(SERVER_CPU, "bench/tasks.ts", ["admin-query", dbPath, String(CONFIG.adminQueryRuns)]);
  const explain = await runJson<Record<string, string[]>>(SERVER_CPU, "bench/tasks.ts", ["explain", dbPath]);

  const inputs = readInputs(dbPath, seed.bigGroupId);
  const authorization = `Bearer ${seed.token}`;
  const hostileAuthorization = `Bearer ${createHostileToken(dbPath)}`;

  const server = await startServer(dbPath, users);
  let rss = { peakMb: 0, anonMb: 0, fileMb: 0 };
  const sample = () => {
    const now = rssOf(server.child.pid!);
    rss = { peakMb: Math.max(rss.peakMb, now.peakMb), anonMb: Math.max(rss.anonMb, now.anonMb), fileMb: Math.max(rss.fileMb, now.fileMb) };
  };
  const sampler = setInterval(sample, 500);
  const base = `http://127.0.0.1:${server.port}/scim/v2`;
  const ours = (scenario: Scenario, extra: Partial<CannonSpec> = {}) =>
    cannon(base, authorization, scenario, users, inputs.visible, { serverPid: server.child.pid!, ...extra });
  const workloads: SizeResults["workloads"] = {};
  let floorResult: Measured;
  let nextResult: Measured;
  let hostile: HostileMeasured;
  let pages: PagesMeasured;
  let rssBeforeHostile = 0;
  let scimBodies: BodiesSize | undefined;
  try {
    // Workload 11 first, on the database as seeded (DI on): the later workloads create
    // thousands of users and memberships, which would make the two sizes' pages differ by
    // more than their size.
    log("11. Admin Center pages over HTTP (1 connection, sequential)");
    pages = await measurePages(server, inputs.pageInputs);
    // Workload 1 and the two references, in alternating rounds under the same load.
    const floor = await startFloor(dbPath);
    const nextReference = await startNextReference();
    try {
      log(`1. existence check (10 connections, 70% hits): floor, Next route handler and ours in ${CONFIG.rounds} alternating rounds`);
      const target = (service: Service, url: string, auth?: string) =>
        cannon(url, auth, "exists", users, inputs.visible, { duration: CONFIG.roundSeconds, serverPid: service.child.pid! });
      [floorResult, nextResult, workloads.exists] = await load<[Measured, Measured, Measured]>({
        mode: "rounds",
        rounds: CONFIG.rounds,
        targets: [
          target(floor, `http://127.0.0.1:${floor.port}/scim/v2`),
          target(nextReference, `http://127.0.0.1:${nextReference.port}/scim/v2`),
          target(server, base, authorization),
        ],
      } satisfies RoundsSpec);
    } finally {
      await floor.stop();
      await nextReference.stop();
    }
    log("4. random page reads (1 connection)");
    workloads.pageRandom = await load(ours("page", { connections: 1 }));
    log("4. random page reads (10 connections)");
    workloads.pageRandom10 = await load(ours("page"));
    log("3. full import sweep (sequential pages of 100)");
    workloads.sweep = await load<Measured>({ mode: "sweep", baseUrl: base, authorization, pageSize: 100 } satisfies SweepSpec);
    log("2. POST /Users with roles (10 connections)");
    workloads.create = await load(ours("create"));
    log("6. PUT with changed roles (a DI sync, 10 connections)");
    workloads.put = await load(ours("put", { pairs: inputs.pairs }));

    log("5. group PATCH on the big group");
    // One round of every batch size is the warm-up (discarded), then the measured rounds.
    const perRound = CONFIG.addSizes.reduce((a, b) => a + b, 0);
    const spare = await ensureSpareUsers(base, authorization, dbPath, seed.bigGroupId, perRound * (CONFIG.addRepeats + 1));
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
      baseUrl: base,
      authorization,
      groupId: seed.bigGroupId,
      addBatches,
      removeIds: inputs.removeIds.slice(5, 5 + CONFIG.removes),
      warmupBatches,
      warmupRemoveIds: inputs.removeIds.slice(0, 5),
    } satisfies GroupSpec);
    workloads.groupAdd256 = group.adds["256"]!;
    workloads.groupAdd1000 = group.adds["1000"]!;
    workloads.groupRemove = group.remove;

    log(`9. mixed load at ${CONFIG.mixedRate} req/s for ${CONFIG.mixedDuration} s`);
    workloads.mixed = await load(
      ours("mixed", {
        overallRate: CONFIG.mixedRate,
        duration: CONFIG.mixedDuration,
        pairs: inputs.pairs,
        ...(inputs.smallGroupId ? { smallGroupId: inputs.smallGroupId } : {}),
      }),
    );

    await sleep(500); // the last reads' activity batch
    scimBodies = scimBodiesOf(dbPath);
    log(
      `scim_bodies after workloads 1-9: ${scimBodies.rows} rows, ${(scimBodies.bodyBytes / 1048576).toFixed(1)} MB of bodies, ${scimBodies.tableBytes === null ? "n/a" : `${(scimBodies.tableBytes / 1048576).toFixed(1)} MB`} on disk; database ${(scimBodies.fileBytes / 1048576).toFixed(1)} MB`,
    );

    // Last: the refusals it provokes add activity rows, which no issue-6 workload should meet.
    log(`10. hostile traffic: existence check alone, beside a hostile client (${CONFIG.connections} + ${CONFIG.connections} connections), hostile alone, in ${CONFIG.hostileRounds} alternating rounds`);
    sample();
    rssBeforeHostile = rss.peakMb;
    const rowsBefore = activityRows(dbPath);
    hostile = await load<HostileMeasured>({
      mode: "hostile",
      legit: ours("exists", { duration: CONFIG.roundSeconds }),
      hostileAuthorization,
      rounds: CONFIG.hostileRounds,
      attackAloneSeconds: CONFIG.hostileAloneSeconds,
      perKindSeconds: users === CONFIG.sizes.at(-1) ? CONFIG.hostileKindSeconds : 0,
      hangSeconds: CONFIG.hostileHangSeconds,
    } satisfies HostileSpec);
    await sleep(500); // the last refusals' activity batch
    hostile.activityRowsAdded = activityRows(dbPath) - rowsBefore;
  } catch (error) {
    log(`server output:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    sample();
    clearInterval(sampler);
    await server.stop();
  }
  const errors = /SCIM request failed[^\n]*/.exec(server.output());
  if (errors) log(`the server logged: ${errors[0]}`);
  return {
    users,
    seedSeconds: seed.seconds,
    diOnMs: di.diOnMs,
    diOn: di.diOn,
    reevaluateMs: di.reevaluateMs,
    adminQuery,
    explain,
    floor: floorResult,
    nextReference: nextResult,
    workloads,
    hostile,
    serverPeakRssMb: rss.peakMb,
    serverPeakRssBeforeHostileMb: rssBeforeHostile,
    serverRssAnonMb: rss.anonMb,
    serverRssFileMb: rss.fileMb,
    pages,
    ...(scimBodies ? { scimBodies } : {}),
  };
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  log(`sizes ${CONFIG.sizes.join(", ")}${QUICK ? " (--quick)" : ""}; ${TASKSET ? "server on core 0, load on core 1" : "no taskset: not pinned"}`);
  // The production build `npm start` serves, built up front (as the server entry would on
  // its first start) so no build ever runs while something is measured.
  if (ensureBuild(ROOT, env().NEXT_DIST_DIR)) log("built the app once, before measuring");
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
      config: CONFIG,
      totalSeconds: 0,
    },
    sizes,
  };
  results.meta.totalSeconds = Math.round((Date.now() - started) / 1000);
  const { table, summary } = report(results);
  writeFileSync(join(ROOT, "bench", "results.json"), `${JSON.stringify({ ...results, ...summary }, null, 2)}\n`);
  writeFileSync(join(DATA, "pages-table.md"), `${pagesMarkdown(results.sizes)}\n`);
  process.stdout.write(`${table}\n`);
  log(`done in ${results.meta.totalSeconds} s; wrote bench/results.json`);
}

async function pagesOnly(started: number, loadAtStart: number): Promise<void> {
  const sizes = [];
  for (const users of CONFIG.sizes) sizes.push(await measurePagesOnly(users));
  const targets = pageTargets(sizes);
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    quick: QUICK,
    pinned: TASKSET,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(DATA, "pages-results.json"), `${JSON.stringify({ meta, sizes, targets }, null, 2)}\n`);
  writeFileSync(join(DATA, "pages-table.md"), `${pagesMarkdown(sizes)}\n`);
  const targetLines = targets.map((t) => `${t.met ? "MET   " : "MISSED"}  ${t.target}: ${t.value}`).join("\n");
  process.stdout.write(`${pagesTable(sizes)}\n\n${targetLines}\n(load average ${meta.loadAverage.start.toFixed(1)} at the start, ${meta.loadAverage.end.toFixed(1)} at the end)\n`);
  log(`done in ${meta.totalSeconds} s; wrote bench/.data/pages-results.json and pages-table.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
