/**
 * The load generator, run as its own process (pinned to the other core by bench/run.ts):
 * autocannon for the throughput and latency workloads, plain sequential loops for the
 * timed ones (import sweep, group membership changes). Reads a spec (JSON file path as
 * the only argument), discards a warm-up, and prints one JSON result line.
 */
import autocannon, { type Options, type RequestParams } from "autocannon";
import { readFileSync } from "node:fs";
import type { EventEmitter } from "node:events";
import http from "node:http";
import { userBodyOf, userNameOf } from "./people";
import { bigBodyRequests, hostileRequests, type HostileMeasured, type HostileRequest } from "./hostile";
import { cpuMs } from "./proc";
import { percentilesOf, summarise, type Measured } from "./stats";

export type Scenario = "exists" | "create" | "page" | "put" | "mixed";

export interface CannonSpec {
  mode: "cannon";
  baseUrl: string;
  authorization?: string;
  scenario: Scenario;
  connections: number;
  duration: number;
  warmup: number;
  overallRate?: number;
  /** Seeded users (user i exists for i < users, Guests aside). */
  users: number;
  /** SCIM-visible users, the range of random startIndex values. */
  visible: number;
  /** Active SCIM users that PUT/GET/PATCH may target: [id, seed index]. */
  pairs?: [string, number][];
  /** A small group the mixed load adds members to. */
  smallGroupId?: string;
  /** Makes created userNames unique across runs on the same database. */
  tag: string;
  /** The server's pid, to read the CPU time it spends on the measured requests. */
  serverPid?: number;
}

export interface SweepSpec {
  mode: "sweep";
  baseUrl: string;
  authorization: string;
  pageSize: number;
}

export interface GroupSpec {
  mode: "group";
  baseUrl: string;
  authorization: string;
  groupId: string;
  /** Batches to add, in order, each timed (user ids not yet in the group). */
  addBatches: { size: number; ids: string[] }[];
  /** Members to remove one at a time by `members[value eq "…"]`. */
  removeIds: string[];
  /** Batches added and members removed first, discarded (JIT and page cache warm-up). */
  warmupBatches: string[][];
  warmupRemoveIds: string[];
}

/**
 * The same workload against several servers in alternating rounds (floor, Next route
 * handler, ours): on a shared machine the background load drifts, and alternating keeps
 * that drift out of the ratios between them.
 */
export interface RoundsSpec {
  mode: "rounds";
  targets: CannonSpec[];
  rounds: number;
}

/**
 * Workload 10 (bench/hostile.ts): the IdP's existence check alone, then beside a hostile
 * client on as many connections, then the hostile client alone, in alternating rounds.
 */
export interface HostileSpec {
  mode: "hostile";
  /** The IdP: the existence check with its token; `duration` is one phase of a round. */
  legit: CannonSpec;
  /** The plan's second token, for the oversized filters (they must pass the token check to reach the parser). */
  hostileAuthorization: string;
  rounds: number;
  /** The hostile client alone, each round (shorter: it only gives the CPU per hostile request, a steady figure). */
  attackAloneSeconds: number;
  /** Then each kind of hostile request alone for this long (0: not at all), for its own cost. */
  perKindSeconds: number;
  /** A hostile request unanswered this long counts as hung (an autocannon timeout, in `errors`). */
  hangSeconds: number;
}

export type LoadSpec = CannonSpec | SweepSpec | GroupSpec | RoundsSpec | HostileSpec;
export type { HostileMeasured, Measured };


const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const JSON_HEADERS = { "content-type": "application/scim+json" };
const random = (n: number) => Math.floor(Math.random() * n);

/** A seeded userName that exists (70%) or one that does not (30%): Okta's existence check. */
function existenceFilterPath(spec: CannonSpec): string {
  let userName: string;
  if (Math.random() < 0.7) {
    let i = random(spec.users);
    if (i % 100 === 97) i -= 1; // Guests are not SCIM users
    userName = userNameOf(i);
  } else {
    userName = `nobody.${random(1e9)}@example.com`;
  }
  return `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`;
}

function makeScenario(spec: CannonSpec): () => RequestParams {
  const base = new URL(spec.baseUrl).pathname.replace(/\/$/, "");
  const pairs = spec.pairs ?? [];
  const flips = new Map<string, number>();
  let created = 0;
  let cursor = random(Math.max(1, pairs.length));
  const nextPair = (): [string, number] => pairs[cursor++ % pairs.length]!;

  const exists = (): RequestParams => ({ method: "GET", path: base + existenceFilterPath(spec) });
  const create = (): RequestParams => {
    const n = created++;
    const userName = `new.${spec.tag}.${process.pid}.${n}@example.com`;
    return { method: "POST", path: `${base}/Users`, headers: JSON_HEADERS, body: JSON.stringify(userBodyOf(n, { userName })) };
  };
  const page = (): RequestParams => ({
    method: "GET",
    path: `${base}/Users?startIndex=${1 + random(Math.max(1, spec.visible))}&count=100`,
  });
  // A DI sync: the IdP replaces the user with different roles (each PUT flips them back and forth).
  const put = (): RequestParams => {
    const [id, i] = nextPair();
    const flip = (flips.get(id) ?? 0) % 2 === 0;
    flips.set(id, (flips.get(id) ?? 0) + 1);
    return { method: "PUT", path: `${base}/Users/${id}`, headers: JSON_HEADERS, body: JSON.stringify(userBodyOf(i, { flipRoles: flip })) };
  };
  const getById = (): RequestParams => ({ method: "GET", path: `${base}/Users/${nextPair()[0]}` });
  // Entra ID's style of profile update.
  const patchUser = (): RequestParams => ({
    method: "PATCH",
    path: `${base}/Users/${nextPair()[0]}`,
    headers: JSON_HEADERS,
    body: JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: `Title ${random(100)}` }] }),
  });
  const groupAdd = (): RequestParams => ({
    method: "PATCH",
    path: `${base}/Groups/${spec.smallGroupId}`,
    headers: JSON_HEADERS,
    body: JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [{ value: nextPair()[0] }] }] }),
  });

  switch (spec.scenario) {
    case "exists":
      return exists;
    case "create":
      return create;
    case "page":
      return page;
    case "put":
      return put;
    case "mixed":
      // Shaped like an IdP's steady traffic: mostly existence checks and reads, some writes.
      return () => {
        const r = Math.random();
        if (r < 0.45) return exists();
        if (r < 0.6) return getById();
        if (r < 0.7) return create();
        if (r < 0.8) return put();
        if (r < 0.88) return patchUser();
        if (r < 0.96) return page();
        return spec.smallGroupId ? groupAdd() : exists();
      };
  }
}

interface AutocannonRun {
  baseUrl: string;
  connections: number;
  duration: number;
  /** Seconds without an answer after which autocannon gives a request up (counted in `errors`). */
  timeout?: number;
  overallRate?: number;
  requests: Options["requests"];
  /** Measure this server's CPU time over the run. */
  serverPid?: number | undefined;
}

/** A run's measurement with every answer's latency kept, for percentiles over several rounds together. */
type Sampled = Measured & { latencies?: number[] };

/**
 * With a rate (`overallRate`), autocannon "corrects" each latency for coordinated omission with an
 * expected interval of ceil(1 / requests a second per connection) = 1 ms, so an answer of R ms is
 * recorded R times (R, R-1, … 1 ms): at 200 req/s one 100 ms stall outweighs the 40 slowest real
 * requests, and the p99 it reports followed the run's single slowest answers (p99 0.4-0.7x max in
 * the 16:14 run). Rate-limited runs therefore take their percentiles from the answers themselves.
 */
function runAutocannon(run: AutocannonRun): Promise<Sampled> {
  const cpuBefore = run.serverPid ? cpuMs(run.serverPid) : 0;
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    // autocannon refuses ignoreCoordinatedOmission without a rate.
    const options: Options & { ignoreCoordinatedOmission?: boolean } = {
      url: run.baseUrl,
      connections: run.connections,
      duration: run.duration,
      timeout: run.timeout ?? 30,
      ...(run.overallRate ? { overallRate: run.overallRate, ignoreCoordinatedOmission: true } : {}),
      ...(run.requests ? { requests: run.requests } : {}),
    };
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
      const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
      const seconds = result.duration;
      const measured: Sampled = {
        requests: total,
        seconds,
        perSecond: total / seconds,
        okPerSecond: result["2xx"] / seconds,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        statusCodes,
        ...(run.serverPid ? { serverCpuMs: cpuMs(run.serverPid) - cpuBefore } : {}),
      };
      resolve(run.overallRate ? { ...measured, ...percentilesOf(latencies), latencies } : measured);
    }) as EventEmitter;
    if (run.overallRate) instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
}

/** The measurement as printed: the kept latencies summarised (each round's p99 beside the pooled one), not listed. */
function withoutSamples(measured: Sampled, rounds?: Sampled[]): Measured {
  const { latencies: _latencies, ...rest } = measured;
  return rounds && rounds.length > 1 && rounds.every((r) => r.latencies) ? { ...rest, p99Rounds: rounds.map((r) => r.p99) } : rest;
}

/** One scenario's requests, made one by one by `next` (`measureCpu` false: someone else measures the server). */
function runCannon(spec: CannonSpec, next: () => RequestParams, duration: number, measureCpu = true): Promise<Sampled> {
  // Request-level headers replace autocannon's defaults, Host included, and an HTTP/1.1
  // request without Host is refused with 400 (RFC 9112 §3.2), as every client sends one.
  const host = new URL(spec.baseUrl).host;
  const headers: Record<string, string> = spec.authorization ? { host, authorization: spec.authorization } : { host };
  return runAutocannon({
    baseUrl: spec.baseUrl,
    connections: spec.connections,
    duration,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    serverPid: measureCpu ? spec.serverPid : undefined,
    requests: [
      {
        setupRequest: () => {
          const r = next();
          return { ...r, headers: { ...headers, ...(r.headers ?? {}) } };
        },
      },
    ],
  });
}

// ---- sequential loops ----

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(url: string, method: string, authorization: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          authorization,
          ...(payload !== undefined ? { "content-type": "application/scim+json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function runSweep(spec: SweepSpec): Promise<Measured & { pages: number; resources: number }> {
  const page = (startIndex: number) =>
    send(`${spec.baseUrl}/Users?startIndex=${startIndex}&count=${spec.pageSize}`, "GET", spec.authorization);
  for (let s = 1; s <= 20 * spec.pageSize; s += spec.pageSize) await page(s); // warm-up, discarded
  const latencies: number[] = [];
  const statuses: number[] = [];
  let resources = 0;
  const started = performance.now();
  for (let startIndex = 1; ; startIndex += spec.pageSize) {
    const t = performance.now();
    const response = await page(startIndex);
    latencies.push(performance.now() - t);
    statuses.push(response.status);
    if (response.status !== 200) break;
    const body = JSON.parse(response.text) as { totalResults: number; itemsPerPage: number };
    resources += body.itemsPerPage;
    if (body.itemsPerPage === 0 || startIndex + spec.pageSize > body.totalResults) break;
  }
  const seconds = (performance.now() - started) / 1000;
  return { ...summarise(latencies, seconds, statuses), pages: statuses.length, resources };
}

async function runGroup(spec: GroupSpec) {
  const url = `${spec.baseUrl}/Groups/${spec.groupId}`;
  const add = (ids: string[]) =>
    send(url, "PATCH", spec.authorization, { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: ids.map((value) => ({ value })) }] });
  const remove = (id: string) =>
    send(url, "PATCH", spec.authorization, { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${id}"]` }] });
  // Warm-up, discarded: the same shapes of request.
  for (const ids of spec.warmupBatches) await add(ids);
  for (const id of spec.warmupRemoveIds) await remove(id);

  const adds: Record<string, Measured> = {};
  const bySize = new Map<number, { latencies: number[]; statuses: number[]; seconds: number }>();
  for (const batch of spec.addBatches) {
    const t = performance.now();
    const response = await add(batch.ids);
    const ms = performance.now() - t;
    const entry = bySize.get(batch.size) ?? { latencies: [], statuses: [], seconds: 0 };
    entry.latencies.push(ms);
    entry.statuses.push(response.status);
    entry.seconds += ms / 1000;
    bySize.set(batch.size, entry);
  }
  for (const [size, e] of bySize) adds[String(size)] = summarise(e.latencies, e.seconds, e.statuses);

  const latencies: number[] = [];
  const statuses: number[] = [];
  const started = performance.now();
  for (const id of spec.removeIds) {
    const t = performance.now();
    const response = await remove(id);
    latencies.push(performance.now() - t);
    statuses.push(response.status);
  }
  return { adds, remove: summarise(latencies, (performance.now() - started) / 1000, statuses) };
}

/**
 * Sums the rounds. Percentiles: over every answer of every round when the rounds kept their
 * latencies (rate-limited runs); otherwise p50 is the median of the rounds' p50s, p99 and max the worst round's.
 */
function combine(rounds: Sampled[]): Measured {
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const seconds = rounds.reduce((a, r) => a + r.seconds, 0);
  const ok = rounds.reduce((a, r) => a + r.okPerSecond * r.seconds, 0);
  const p50s = rounds.map((r) => r.p50).sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const pooled = rounds.every((r) => r.latencies) ? percentilesOf(rounds.flatMap((r) => r.latencies!)) : undefined;
  return withoutSamples(
    {
      requests,
      seconds,
      perSecond: requests / seconds,
      okPerSecond: ok / seconds,
      p50: p50s[Math.floor((p50s.length - 1) / 2)] ?? 0,
      p99: Math.max(...rounds.map((r) => r.p99)),
      max: Math.max(...rounds.map((r) => r.max)),
      ...pooled,
      non2xx: rounds.reduce((a, r) => a + r.non2xx, 0),
      errors: rounds.reduce((a, r) => a + r.errors, 0),
      statusCodes,
      ...(rounds.every((r) => r.serverCpuMs !== undefined)
        ? { serverCpuMs: rounds.reduce((a, r) => a + r.serverCpuMs!, 0) }
        : {}),
    },
    rounds,
  );
}

async function runRounds(spec: RoundsSpec): Promise<Measured[]> {
  const generators = spec.targets.map((t) => makeScenario(t));
  for (const [i, target] of spec.targets.entries()) {
    if (target.warmup > 0) await runCannon(target, generators[i]!, target.warmup); // discarded
  }
  const results: Sampled[][] = spec.targets.map(() => []);
  for (let round = 0; round < spec.rounds; round++) {
    for (const [i, target] of spec.targets.entries()) {
      results[i]!.push(await runCannon(target, generators[i]!, target.duration));
    }
  }
  return results.map(combine);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runHostile(spec: HostileSpec): Promise<HostileMeasured> {
  const legit = spec.legit;
  const serverPid = legit.serverPid;
  if (!serverPid) throw new Error("the hostile workload needs the server's pid");
  const next = makeScenario(legit);
  const url = new URL(legit.baseUrl);
  const byKind: Record<string, Record<string, number>> = {};
  const basePath = url.pathname.replace(/\/$/, "");
  const hostileList = hostileRequests(basePath, url.host, spec.hostileAuthorization);
  const counted = (r: HostileRequest) => ({
    method: r.method,
    path: r.path,
    // Its own object: autocannon writes Content-Length into a request's headers.
    headers: { ...r.headers },
    ...(r.body !== undefined ? { body: r.body } : {}),
    onResponse: (status: number, body: string) => {
      // The scimType says which limit refused it (invalidFilter, invalidValue), not just that something did.
      const scimType = status === 400 ? /"scimType"\s*:\s*"(\w+)"/.exec(body)?.[1] : undefined;
      const key = scimType ? `${status} ${scimType}` : String(status);
      const counts = (byKind[r.kind] ??= {});
      counts[key] = (counts[key] ?? 0) + 1;
    },
  });
  const requests = hostileList.map(counted);
  const attack = (duration: number, measureCpu: boolean) =>
    runAutocannon({
      baseUrl: legit.baseUrl,
      connections: legit.connections,
      duration,
      timeout: spec.hangSeconds,
      requests,
      serverPid: measureCpu ? serverPid : undefined,
    });
  // The refusals' activity entries are written every 250 ms: let one phase's flush end
  // before the next phase is measured, so the IdP alone never pays for the attack.
  const settle = () => pause(300);
  if (legit.warmup > 0) await Promise.all([runCannon(legit, next, legit.warmup, false), attack(legit.warmup, false)]); // discarded
  await settle();
  const alone: Measured[] = [];
  const beside: Measured[] = [];
  const attacks: Measured[] = [];
  const attackAlone: Measured[] = [];
  let besideServerCpuMs = 0;
  let loadCpuMs = 0;
  let besideSeconds = 0;
  for (let round = 0; round < spec.rounds; round++) {
    alone.push(await runCannon(legit, next, legit.duration));
    await settle();
    const cpuBefore = cpuMs(serverPid);
    const loadBefore = process.cpuUsage();
    const started = performance.now();
    const [idp, hostile] = await Promise.all([runCannon(legit, next, legit.duration, false), attack(legit.duration, false)]);
    besideServerCpuMs += cpuMs(serverPid) - cpuBefore;
    const used = process.cpuUsage(loadBefore);
    loadCpuMs += (used.user + used.system) / 1000;
    besideSeconds += (performance.now() - started) / 1000;
    beside.push(idp);
    attacks.push(hostile);
    await settle();
    attackAlone.push(await attack(spec.attackAloneSeconds, true));
    await settle();
  }
  const kinds: Record<string, Measured> = {};
  if (spec.perKindSeconds > 0) {
    // One request of each kind (the mix repeats some), then the big bodies.
    const each = new Map(requests.map((r, i) => [hostileList[i]!.kind, r]));
    for (const big of bigBodyRequests(basePath, url.host, spec.hostileAuthorization)) each.set(big.kind, counted(big));
    for (const [kind, one] of each) {
      kinds[kind] = await runAutocannon({
        baseUrl: legit.baseUrl,
        connections: legit.connections,
        duration: spec.perKindSeconds,
        timeout: spec.hangSeconds,
        requests: [one],
        serverPid,
      });
      await settle();
    }
  }
  return {
    alone: combine(alone),
    beside: combine(beside),
    attack: combine(attacks),
    attackAlone: combine(attackAlone),
    besideServerCpuMs,
    byKind,
    loadCpuMs,
    besideSeconds,
    kinds,
  };
}

async function main(): Promise<void> {
  const specPath = process.argv[2];
  if (!specPath) throw new Error("usage: tsx bench/load.ts <spec.json>");
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as LoadSpec;
  let result: unknown;
  if (spec.mode === "cannon") {
    // One generator for both runs, so created userNames stay unique and PUTs keep flipping.
    const next = makeScenario(spec);
    if (spec.warmup > 0) await runCannon(spec, next, spec.warmup); // discarded
    result = withoutSamples(await runCannon(spec, next, spec.duration));
  } else if (spec.mode === "rounds") {
    result = await runRounds(spec);
  } else if (spec.mode === "hostile") {
    result = await runHostile(spec);
  } else if (spec.mode === "sweep") {
    result = await runSweep(spec);
  } else {
    result = await runGroup(spec);
  }
  agent.destroy();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1]?.endsWith("load.ts")) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
