/**
 * Workload 11 (issue 13): the Admin Center's pages over HTTP, as a browser loads them.
 * Run as its own process on the load core by bench/run.ts:
 *
 *   tsx bench/pages.ts <spec.json>     # prints one JSON line: PagesMeasured[], one per server
 *
 * It signs in the way a browser does, through next-auth's credentials flow (GET
 * /api/auth/csrf, then the sign-in form's POST to /api/auth/callback/credentials with the
 * bench admin's email and password), so the session cookie, its server-side session row
 * and every check requireAdmin makes are the ones an admin's requests meet. Then, over one
 * keep-alive connection, one request at a time: each page's document GET (server
 * components and their data, streamed to the last byte) and, as rows of their own, the
 * route handlers the screens fetch from the client. Each row: a warm-up, then up to
 * `requests` measured loads within `budgetSeconds` (at least `minRequests`), timed from
 * sending the request to the last byte of the body — on the loopback that is the
 * server's time. Every response must be 200 and the page itself (bench/page-list.ts
 * responseProblem), or the run fails: a redirect to sign-in cannot pass for a fast page.
 *
 * With several servers (a --baseline build beside ours), each gets its own session and
 * connection, and the rows alternate between them (row 1 on each, then row 2 on each, ...): a
 * server measured right after another's row meets what that one left running (its GC, its WAL
 * checkpoint), so a fixed order of whole runs made the second build 1.06-1.55x slower in an A/A
 * run of one build on both sides.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { pageList, percentile, PREVIEW_PAGE_SIZE, responseProblem, type PageInputs, type PageTarget } from "./page-list";
import { cpuMs } from "./proc";

export interface PagesServer {
  baseUrl: string;
  /** The server's pid, for its CPU time per row. */
  serverPid?: number;
  inputs: Omit<PageInputs, "usersLastPage" | "activityLastPage" | "previewDownPages">;
}

export interface PagesSpec {
  mode: "pages";
  /** Measured row by row in turn; the result has one PagesMeasured per server, in this order. */
  servers: PagesServer[];
  email: string;
  password: string;
  warmup: number;
  requests: number;
  minRequests: number;
  budgetSeconds: number;
  /** Only the rows whose names start with one of these (indent ignored). */
  only?: string[];
}

export interface PageMeasured {
  name: string;
  path: string;
  type: PageTarget["type"];
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Body bytes of the last response (uncompressed: the server sends no Content-Encoding here). */
  bytes: number;
  serverCpuMsPerRequest?: number;
}

export interface PagesMeasured {
  pages: PageMeasured[];
  signInMs: number;
  /** The whole run's, every server's rows together. */
  seconds: number;
}

interface Answer {
  status: number;
  body: string;
  ms: number;
  setCookies: string[];
}

/** A browser signed in to one server: one socket for the whole run (keep-alive, requests one at a time) and its cookies. */
interface Session {
  server: PagesServer;
  agent: http.Agent;
  cookies: Map<string, string>;
}

const sessionOf = (server: PagesServer): Session => ({ server, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), cookies: new Map() });

function storeCookies(session: Session, setCookies: string[]): void {
  for (const line of setCookies) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    if (at > 0) session.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}

const cookieHeader = (session: Session) => [...session.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

function request(session: Session, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(path, session.server.baseUrl);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      {
        agent: session.agent,
        method: options.method ?? "GET",
        headers: {
          accept: "text/html,application/json;q=0.9,*/*;q=0.8",
          "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AdminCenterBench/1.0",
          ...(session.cookies.size > 0 ? { cookie: cookieHeader(session) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const ms = performance.now() - started;
          const raw = res.headers["set-cookie"];
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms, setCookies: Array.isArray(raw) ? raw : [] });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** next-auth's credentials sign-in, as the sign-in form submits it. */
async function signIn(spec: PagesSpec, session: Session): Promise<number> {
  const started = performance.now();
  const csrf = await request(session, "/api/auth/csrf", { headers: { accept: "application/json" } });
  storeCookies(session, csrf.setCookies);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const origin = new URL(session.server.baseUrl).origin;
  const answer = await request(session, "/api/auth/callback/credentials", {
    method: "POST",
    body: new URLSearchParams({ csrfToken, email: spec.email, password: spec.password, callbackUrl: `${origin}/`, json: "true" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin, "sec-fetch-site": "same-origin", accept: "application/json" },
  });
  storeCookies(session, answer.setCookies);
  if (![...session.cookies.keys()].some((k) => k.endsWith("next-auth.session-token"))) {
    throw new Error(`signing in as ${spec.email} set no session cookie: ${answer.status} ${answer.body.slice(0, 300)}`);
  }
  return performance.now() - started;
}

async function getJson<T>(session: Session, path: string): Promise<T> {
  const answer = await request(session, path, { headers: { accept: "application/json" } });
  const body = JSON.parse(answer.body) as { ok: boolean; data: T };
  if (answer.status !== 200 || !body.ok) throw new Error(`${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return body.data;
}

/** The last page numbers, from the first pages the screens fetch (their default page sizes). */
async function discover(session: Session): Promise<PageInputs> {
  const usersPage = await getJson<{ total: number; pageSize: number }>(session, "/api/users");
  const activityPage = await getJson<{ total: number; pageSize: number }>(session, "/api/activity");
  const preview = await getJson<{ pages: number }>(session, `/api/directory-integration/preview?direction=down&page=1&pageSize=${PREVIEW_PAGE_SIZE}`);
  return {
    ...session.server.inputs,
    usersLastPage: Math.max(1, Math.ceil(usersPage.total / usersPage.pageSize)),
    activityLastPage: Math.max(1, Math.ceil(activityPage.total / activityPage.pageSize)),
    previewDownPages: preview.pages,
  };
}

async function measure(spec: PagesSpec, session: Session, target: PageTarget): Promise<PageMeasured> {
  const { serverPid } = session.server;
  const headers: Record<string, string> = target.type === "api" ? { accept: "application/json" } : {};
  const check = (answer: Answer) => {
    const problem = responseProblem(target, answer.status, answer.body);
    if (problem) throw new Error(`${target.name} (${target.path}): ${problem}`);
  };
  for (let i = 0; i < spec.warmup; i++) check(await request(session, target.path, { headers }));
  const latencies: number[] = [];
  let bytes = 0;
  const cpuBefore = serverPid ? cpuMs(serverPid) : 0;
  const started = performance.now();
  while (
    latencies.length < spec.requests &&
    (latencies.length < spec.minRequests || performance.now() - started < spec.budgetSeconds * 1000)
  ) {
    const answer = await request(session, target.path, { headers });
    check(answer);
    latencies.push(answer.ms);
    bytes = Buffer.byteLength(answer.body);
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    name: target.name,
    path: target.path,
    type: target.type,
    requests: latencies.length,
    p50: round(percentile(latencies, 0.5)),
    p99: round(percentile(latencies, 0.99)),
    max: round(Math.max(...latencies)),
    bytes,
    ...(serverPid ? { serverCpuMsPerRequest: round((cpuMs(serverPid) - cpuBefore) / latencies.length) } : {}),
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as PagesSpec;
  const started = performance.now();
  const sessions = spec.servers.map(sessionOf);
  const runs: { session: Session; signInMs: number; targets: PageTarget[]; pages: PageMeasured[] }[] = [];
  for (const session of sessions) {
    const signInMs = await signIn(spec, session);
    const targets = pageList(await discover(session)).filter((t) => !spec.only || spec.only.some((prefix) => t.name.trim().startsWith(prefix)));
    runs.push({ session, signInMs, targets, pages: [] });
  }
  // Every build's own page list (its last pages differ): row by row, each server in turn.
  const rows = Math.max(...runs.map((run) => run.targets.length));
  for (let row = 0; row < rows; row++) {
    for (const run of runs) {
      const target = run.targets[row];
      if (!target) continue;
      const measured = await measure(spec, run.session, target);
      process.stderr.write(`  ${measured.name}: p50 ${measured.p50} ms, p99 ${measured.p99} ms (${measured.requests} requests, ${measured.bytes} bytes)\n`);
      run.pages.push(measured);
    }
  }
  for (const session of sessions) session.agent.destroy();
  const seconds = Math.round((performance.now() - started) / 1000);
  const result: PagesMeasured[] = runs.map((run) => ({ pages: run.pages, signInMs: Math.round(run.signInMs), seconds }));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1]?.endsWith("pages.ts")) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
