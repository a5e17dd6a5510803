/**
 * Concurrent membership changes lose no member (issue 3, "Done when").
 *
 * 1. Through the real node:http adapter: 20 clients × 25 PATCHes adding distinct users to
 *    one group, while 4 more clients remove members one by one (Okta's value filter and
 *    Entra's value list), all in flight at once.
 * 2. Two database connections (two services on one SQLite file), each in its own worker
 *    thread so their transactions really overlap: both add members to one group and race
 *    to create the same userNames.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { createScimHttpHandler } from "./scim-http";
import { createScimTestEnv, groupBody, patchBody, setUpScimPlan, userBody, type ScimTestEnv } from "@/lib/scim/test-support";

/** Creates `count` users named `<prefix><i>@example.com` directly through the service. */
async function createUsers(scim: ScimTestEnv, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await scim.call("POST", "/Users", userBody(`${prefix}${i}@example.com`));
    if (r.status !== 201) throw new Error(`creating ${prefix}${i}: ${r.status} ${r.body}`);
    ids.push(r.json.id as string);
  }
  return ids;
}

/** All member ids of a group, read through SCIM. */
async function memberIds(scim: ScimTestEnv, groupId: string): Promise<string[]> {
  const r = await scim.call("GET", `/Groups/${groupId}?attributes=members.value`);
  expect(r.status).toBe(200);
  return ((r.json.members ?? []) as { value: string }[]).map((m) => m.value);
}

describe("many clients patching one group over HTTP", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("keeps every added member and drops every removed one", async () => {
    const scim = await createScimTestEnv();
    const CLIENTS = 20;
    const PER_CLIENT = 25;
    const added = await createUsers(scim, "add", CLIENTS * PER_CLIENT);
    const initial = await createUsers(scim, "old", 60);
    const group = (await scim.call("POST", "/Groups", groupBody("Everyone", initial))).json;
    const removed = initial.slice(0, 40);

    const handler = createScimHttpHandler(scim.service, { maxBodyBytes: 1024 * 1024 });
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 4 });

    const patch = (body: unknown) =>
      new Promise<number>((resolve, reject) => {
        const text = JSON.stringify(body);
        const req = request(
          {
            host: "127.0.0.1",
            port,
            agent,
            method: "PATCH",
            path: `/scim/v2/Groups/${group.id}`,
            headers: { Authorization: scim.authorization, "Content-Type": "application/scim+json", "Content-Length": Buffer.byteLength(text) },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(text);
      });

    const adders = Array.from({ length: CLIENTS }, async (_, c) => {
      const statuses: number[] = [];
      for (let i = 0; i < PER_CLIENT; i++) {
        const id = added[c * PER_CLIENT + i]!;
        statuses.push(await patch(patchBody({ op: "add", path: "members", value: [{ value: id, display: `add${c * PER_CLIENT + i}` }] })));
      }
      return statuses;
    });
    const removers = Array.from({ length: 4 }, async (_, r) => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const id = removed[r * 10 + i]!;
        // Okta removes by value filter; Entra (without its SCIM flag) by a value list.
        const op = r % 2 === 0
          ? { op: "remove", path: `members[value eq "${id}"]` }
          : { op: "Remove", path: "members", value: [{ value: id }] };
        statuses.push(await patch(patchBody(op)));
      }
      return statuses;
    });
    const results = await Promise.all([...adders, ...removers]);
    agent.destroy();

    expect(results.flat().filter((s) => s !== 204)).toEqual([]);
    const expected = [...initial.slice(40), ...added].sort();
    expect((await memberIds(scim, group.id)).sort()).toEqual(expected);
    // Every PATCH was applied once: the version moved once per request (none overwrote another).
    const after = await scim.call("GET", `/Groups/${group.id}`);
    expect(after.json.meta.version).toBe(`W/"${1 + CLIENTS * PER_CLIENT + 40}"`);
    // Each user sees the membership from its side too.
    const sample = (await scim.call("GET", `/Users/${added[CLIENTS * PER_CLIENT - 1]}`)).json;
    expect(sample.groups).toEqual([expect.objectContaining({ value: group.id })]);
    expect((await scim.call("GET", `/Users/${removed[0]}`)).json.groups).toBeUndefined();
  });
});

/**
 * A worker thread with its own connection and service. It waits at a shared barrier so
 * both workers start writing at the same moment, then runs its requests; a 503 (database
 * busy) is retried as an IdP would.
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
require("tsx/cjs");
const { closeDatabase, openDatabase } = require(workerData.root + "/db/client.ts");
const { createScimService } = require(workerData.root + "/lib/scim/handler.ts");
async function main() {
  const db = await openDatabase(workerData.file);
  const service = createScimService({ db, maxBodyBytes: 1 << 20, rateLimitPerMinute: 1e9 });
  const call = async (method, path, body) => {
    const url = new URL("http://x/scim/v2" + path);
    for (let attempt = 0; ; attempt++) {
      const r = await service.handle({
        method,
        path: url.pathname.slice("/scim/v2".length),
        query: url.searchParams,
        headers: { authorization: "Bearer " + workerData.token, contentType: "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        baseUrl: "http://x/scim/v2",
      });
      if (r.status !== 503 || attempt > 50) return { status: r.status, retries: attempt, body: r.body };
    }
  };
  const barrier = new Int32Array(workerData.barrier);
  Atomics.add(barrier, 0, 1);
  Atomics.notify(barrier, 0);
  while (Atomics.load(barrier, 1) === 0) Atomics.wait(barrier, 1, 0);
  const results = [];
  for (const step of workerData.steps) results.push({ kind: step.kind, ...(await call(step.method, step.path, step.body)) });
  await service.flush();
  await closeDatabase(db);
  parentPort.postMessage(results);
}
// A failure reaches the test as the worker's "error" event.
main().catch((error) => process.nextTick(() => { throw error; }));
`;

interface WorkerStep {
  kind: "add" | "create";
  method: string;
  path: string;
  body: unknown;
}

interface WorkerResult {
  kind: WorkerStep["kind"];
  status: number;
  retries: number;
  body?: string;
}

describe("two connections writing at once", () => {
  let dir: string | undefined;
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await closeDatabase(db);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lose no member and create each contested userName once", async () => {
    dir = mkdtempSync(join(tmpdir(), "scim-concurrency-"));
    const file = join(dir, "scim.db");
    const first = await openDatabase(file, { migrate: true });
    open.push(first);
    const token = await setUpScimPlan(first);
    const scim = await createScimTestEnv({ db: first, skipSetup: true });
    const PER_WORKER = 120;
    const users = await createUsers(scim, "w", PER_WORKER * 2);
    const group = (await scim.call("POST", "/Groups", groupBody("Shared"))).json;
    // A second connection, as the workers will have: it sees what the first wrote.
    const second = await openDatabase(file);
    open.push(second);
    expect(await second.row("SELECT count(*) AS n FROM users")).toEqual({ n: PER_WORKER * 2 });

    const barrier = new SharedArrayBuffer(8);
    const contested = Array.from({ length: 15 }, (_, i) => `race${i}@example.com`);
    const stepsFor = (w: number): WorkerStep[] =>
      users.slice(w * PER_WORKER, (w + 1) * PER_WORKER).flatMap((id, i): WorkerStep[] => [
        { kind: "add", method: "PATCH", path: `/Groups/${group.id}`, body: patchBody({ op: "add", path: "members", value: [{ value: id }] }) },
        ...(i < contested.length
          ? [{ kind: "create" as const, method: "POST", path: "/Users", body: userBody(contested[i]!) }]
          : []),
      ]);
    const run = (w: number) =>
      new Promise<WorkerResult[]>((resolve, reject) => {
        const worker = new Worker(WORKER, {
          eval: true,
          workerData: { root: process.cwd(), file, token: token.token, barrier, steps: stepsFor(w) },
        });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`worker ${w} exited with ${code}`));
        });
      });
    const running = [run(0), run(1)];
    // Release both workers together once both are ready.
    const view = new Int32Array(barrier);
    while (Atomics.load(view, 0) < 2) await new Promise((resolve) => setImmediate(resolve));
    Atomics.store(view, 1, 1);
    Atomics.notify(view, 1);
    const [a, b] = await Promise.all(running);
    const all = [...a!, ...b!];

    expect(all.filter((r) => r.kind === "add" && r.status !== 204)).toEqual([]);
    expect((await memberIds(scim, group.id)).sort()).toEqual([...users].sort());
    expect((await scim.call("GET", `/Groups/${group.id}`)).json.meta.version).toBe(`W/"${1 + PER_WORKER * 2}"`);

    // Each contested userName: one 201, one 409 uniqueness, never a 500, one row.
    const creates = all.filter((r) => r.kind === "create");
    expect(creates.map((r) => r.status).sort()).toEqual([
      ...Array<number>(contested.length).fill(201),
      ...Array<number>(contested.length).fill(409),
    ]);
    for (const r of creates.filter((c) => c.status === 409)) expect(JSON.parse(r.body!).scimType).toBe("uniqueness");
    for (const name of contested) {
      expect((await scim.call("GET", `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`)).json.totalResults).toBe(1);
    }
    // Both workers' request logs were written through their own connections (every
    // attempt, retried 503s included); only the workers used this token.
    const attempts = all.reduce((n, r) => n + 1 + r.retries, 0);
    const logged = await first.row("SELECT count(*) AS n FROM activity WHERE kind = 'scim' AND token_id = ?", token.id);
    expect(logged).toEqual({ n: attempts });
  });
});
