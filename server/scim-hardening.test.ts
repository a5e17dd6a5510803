/**
 * Hostile and broken clients against the SCIM adapter over real sockets (issue 11, items
 * 6, 7, 8, 13, 14, 18): what is answered before the body is read, the limits on failures
 * without a valid token, the client address and Host, request targets, load shedding and
 * the response headers. Every wait is bounded: a hang fails the test instead of stalling it.
 */
import { request, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { createScimService, type ScimService } from "@/lib/scim/handler";
import { FOLD_AFTER, MAX_LOGGED_PATH_CHARS } from "@/lib/scim/request-log";
import { createScimTestEnv, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { createAppServer, type AppServerOptions } from "./http-server";
import { createScimHttpHandler, SCIM_PREFIX, SCIM_SEARCH_DRAIN_BYTES, type ScimHttpOptions } from "./scim-http";

const LIMIT = 16 * 1024;
const WAIT_MS = 5_000;

let scim: ScimTestEnv;
let service: ScimService;
const services: ScimService[] = [];
const flushAll = async () => {
  for (const s of services) await s.flush();
};
let server: Server;
let port: number;
const sockets: Socket[] = [];

type ServerLimits = Pick<AppServerOptions, "maxConnections" | "headersTimeoutMs" | "requestTimeoutMs">;

async function listen(
  options: Partial<ScimHttpOptions> = {},
  serviceOptions: { unauthenticatedPerMinute?: number } = {},
  limits: ServerLimits = {},
) {
  service = createScimService({ db: scim.db, maxBodyBytes: LIMIT, rateLimitPerMinute: 1e6, ...serviceOptions });
  services.push(service);
  const scimHandler = createScimHttpHandler(service, { maxBodyBytes: LIMIT, ...options });
  // The Admin Center's stand-in: answers at once, like a page that is not behind SCIM's queue.
  server = createAppServer({
    ...limits,
    scim: scimHandler,
    app: (req, res) => {
      req.resume();
      res.writeHead(200, { "Content-Type": "text/plain" }).end(`app ${req.url}`);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
}

async function relisten(
  options: Partial<ScimHttpOptions> = {},
  serviceOptions: { unauthenticatedPerMinute?: number } = {},
  limits: ServerLimits = {},
) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await listen(options, serviceOptions, limits);
}

beforeEach(async () => {
  services.length = 0;
  scim = await createScimTestEnv({ maxBodyBytes: LIMIT });
  await listen();
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${WAIT_MS} ms: ${what}`)), WAIT_MS).unref()),
  ]);
}

/** One request; `body` false sends the headers (with the declared length) and no body at all. */
function send(
  method: string,
  path: string,
  options: { body?: string | false; headers?: Record<string, string | number> } = {},
): Promise<HttpResult> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, method, path, headers: { Authorization: scim.authorization, ...options.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
            if (options.body === false) req.destroy();
          });
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (!(options.body === false && error.code === "ECONNRESET")) reject(error);
      });
      if (options.body === false) req.flushHeaders();
      else {
        if (options.body !== undefined) req.write(options.body);
        req.end();
      }
    }),
    `${method} ${path}`,
  );
}

/** Writes `text` on a raw socket and resolves with everything read until the server closes. */
function raw(text: string, options: { keepOpen?: boolean } = {}): Promise<string> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(text));
      sockets.push(socket);
      let got = "";
      socket.on("data", (c: Buffer) => {
        got += c.toString("latin1");
        if (options.keepOpen && /\r\n\r\n/.test(got)) resolve(got);
      });
      socket.on("end", () => resolve(got));
      socket.on("close", () => resolve(got));
      socket.on("error", reject);
    }),
    text.split("\r\n")[0]!,
  );
}

const activity$ = columnsOf(activity);
const scimRows = async () => (await scim.db.rows(`SELECT ${activity$.list} FROM activity WHERE kind = 'scim'`)).map(activity$.map);

describe("before authentication (item 6)", () => {
  it("answers 401 from the headers alone, without waiting for the declared body", async () => {
    const r = await send("POST", `${SCIM_PREFIX}/Users`, {
      body: false,
      headers: { Authorization: "Bearer acscim_wrong", "Content-Type": "application/scim+json", "Content-Length": LIMIT },
    });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ status: "401" });
    expect(r.headers["www-authenticate"]).toMatch(/^Bearer/);
  });

  it("answers Expect: 100-continue with the 401 itself, and a valid token with 100 Continue", async () => {
    const head = (authorization: string) =>
      `POST ${SCIM_PREFIX}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nExpect: 100-continue\r\n` +
      `Content-Type: application/scim+json\r\nContent-Length: ${LIMIT}\r\n\r\n`;
    const refused = await raw(head("Bearer nope"), { keepOpen: true });
    expect(refused).toMatch(/^HTTP\/1\.1 401 /);
    const accepted = await raw(head(scim.authorization), { keepOpen: true });
    expect(accepted).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
  });

  it("also refuses an unknown endpoint before the body, and reads the body of a valid token", async () => {
    const unknown = await send("POST", `${SCIM_PREFIX}/Nope`, {
      body: false,
      headers: { "Content-Type": "application/scim+json", "Content-Length": 1000 },
    });
    expect(unknown.status).toBe(404);
    const created = await send("POST", `${SCIM_PREFIX}/Users`, {
      body: JSON.stringify(userBody("ada@example.com")),
      headers: { "Content-Type": "application/scim+json" },
    });
    expect(created.status).toBe(201);
  });

  it("answers a body that does not arrive in time with 408 and closes, while others are served", async () => {
    await relisten({ bodyTimeoutMs: 200 });
    const slow = raw(
      `POST ${SCIM_PREFIX}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: ${scim.authorization}\r\n` +
        'Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{"schemas":',
    );
    const other = await send("GET", `${SCIM_PREFIX}/Users`);
    expect(other.status).toBe(200);
    const answer = await slow;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"status":"408"');
  });
});

describe("connections and slow headers (item 6)", () => {
  it("answers headers that do not arrive in time with 408", async () => {
    await relisten({}, {}, { headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const answer = await raw(`GET ${SCIM_PREFIX}/Users HTTP/1.1\r\nHost: x\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes connections past the cap at once, and serves again when they go", async () => {
    await relisten({}, {}, { maxConnections: 2 });
    const idle = [0, 1].map(() => {
      const socket = connect(port, "127.0.0.1");
      socket.on("error", () => undefined);
      return socket;
    });
    for (let i = 0; i < 100; i++) {
      const n = await new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)));
      if (n === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const refused = await raw(`GET ${SCIM_PREFIX}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: ${scim.authorization}\r\n\r\n`).catch(() => "");
    expect(refused).toBe("");
    for (const socket of idle) socket.destroy();
    let served = 0;
    for (let i = 0; i < 100 && served !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      served = await send("GET", `${SCIM_PREFIX}/Users`).then((r) => r.status, () => 0);
    }
    expect(served).toBe(200);
  });
});

describe("answering before the body is read, the client reads the answer (item 13)", () => {
  it("lets fetch read the 413 of a body past the limit, and the 401 of a body without a valid token", async () => {
    const big = "x".repeat(LIMIT * 16);
    const tooLarge = await withTimeout(
      fetch(`http://127.0.0.1:${port}${SCIM_PREFIX}/Users`, {
        method: "POST",
        headers: { Authorization: scim.authorization, "Content-Type": "application/scim+json" },
        body: big,
      }),
      "fetch 413",
    );
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ status: "413" });

    const refused = await withTimeout(
      fetch(`http://127.0.0.1:${port}${SCIM_PREFIX}/Users`, {
        method: "POST",
        headers: { Authorization: "Bearer nope", "Content-Type": "application/scim+json" },
        body: big,
      }),
      "fetch 401",
    );
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ status: "401" });
  });
});

describe("requests without a valid token (item 7)", () => {
  it("are limited per client address: 429 with Retry-After; a valid token is not", async () => {
    await relisten({}, { unauthenticatedPerMinute: 3 });
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await send("GET", `${SCIM_PREFIX}/Users`, { headers: { Authorization: "Bearer nope" } });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers["retry-after"];
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await send("GET", `${SCIM_PREFIX}/Users`)).status).toBe(200);
    expect((await send("GET", `${SCIM_PREFIX}/Nope`)).status).toBe(404);
  });

  it("past the first few, fold into one log row with a count per address, status and token state; paths are truncated", async () => {
    await relisten({}, { unauthenticatedPerMinute: 1000 });
    const long = `/Users/${"a".repeat(8000)}`;
    for (let i = 0; i < 20; i++) {
      const r = await send("GET", `${SCIM_PREFIX}${long}${i}`, { headers: { Authorization: "Bearer nope" } });
      expect(r.status).toBe(401);
    }
    await service.flush();
    for (let i = 0; i < 5; i++) await send("GET", `${SCIM_PREFIX}/Users`, { headers: { Authorization: "" } });
    await service.flush();
    const rows = await scimRows();
    // FOLD_AFTER rows of their own, then one row for the other 15; the 5 without a header
    // are another token state, so rows of their own.
    expect(rows).toHaveLength(FOLD_AFTER + 1 + 5);
    for (const row of rows.slice(0, FOLD_AFTER + 1)) {
      expect(row).toMatchObject({ status: 401, actor: "unauthenticated", clientAddress: "127.0.0.1" });
      expect(row.path).toHaveLength(MAX_LOGGED_PATH_CHARS);
      expect(row.path!.endsWith("…")).toBe(true);
    }
    expect(rows.slice(0, FOLD_AFTER).map((r) => r.details)).toEqual(Array.from({ length: FOLD_AFTER }, () => null));
    expect(rows[FOLD_AFTER]!.details).toEqual({ count: 20 - FOLD_AFTER, lastAt: expect.any(Number) });
    expect(rows.slice(FOLD_AFTER + 1).map((r) => [r.status, r.path, r.details])).toEqual(
      Array.from({ length: 5 }, () => [401, "/Users", null]),
    );
  });
});

describe("client address and Host (item 8)", () => {
  it("records the client address; X-Forwarded-For counts only behind a trusted proxy", async () => {
    await send("GET", `${SCIM_PREFIX}/Users`, { headers: { "X-Forwarded-For": "203.0.113.7" } });
    await relisten({ trustProxy: true });
    await send("GET", `${SCIM_PREFIX}/Users`, { headers: { "X-Forwarded-For": "198.51.100.1, 203.0.113.9" } });
    await flushAll();
    expect((await scimRows()).map((r) => r.clientAddress)).toEqual(["127.0.0.1", "203.0.113.9"]);
  });

  it("refuses a Host that is not a well-formed host, so it never reaches meta.location", async () => {
    for (const host of ["javascript://evil", "evil.example/x", 'a"b', "exa mple.com"]) {
      const r = await send("GET", `${SCIM_PREFIX}/ServiceProviderConfig`, { headers: { Host: host } });
      expect(r.status, host).toBe(400);
      expect(r.text).not.toContain("evil");
    }
    const ok = await send("GET", `${SCIM_PREFIX}/ServiceProviderConfig`, { headers: { Host: "[::1]:8443" } });
    expect(ok.json.meta.location).toBe("http://[::1]:8443/scim/v2/ServiceProviderConfig");
  });

  it("refuses absolute-form targets for another host, serves those for its own, and answers GET * with 400", async () => {
    const foreign = await raw(`GET http://evil.example/scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(foreign).toMatch(/^HTTP\/1\.1 400 /);
    expect(foreign).not.toMatch(/\r\nlocation:/i);
    const foreignApp = await raw(`GET http://evil.example/security HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(foreignApp).toMatch(/^HTTP\/1\.1 400 /);

    const own = await raw(
      `GET http://127.0.0.1:${port}/scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    expect(own).toMatch(/^HTTP\/1\.1 200 /);
    const ownApp = await raw(`GET http://127.0.0.1:${port}/users?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(ownApp).toMatch(/^HTTP\/1\.1 200 /);
    expect(ownApp).toContain("app /users?x=1");

    const star = await raw(`GET * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(star).toMatch(/^HTTP\/1\.1 400 /);
    const options = await raw(`OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(options).toMatch(/^HTTP\/1\.1 204 /);
  });
});

describe("load shedding (item 14)", () => {
  it("answers 503 with Retry-After past the requests in flight, while the Admin Center keeps answering", async () => {
    await relisten({ shedding: { maxInFlight: 2 } });
    // Two authenticated writes whose bodies are still on their way hold the two places.
    const held = [0, 1].map(() =>
      raw(
        `POST ${SCIM_PREFIX}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: ${scim.authorization}\r\n` +
          'Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{"schemas":',
        { keepOpen: true },
      ).catch(() => ""),
    );
    // Until both are in the server, a request may still get a place.
    let shed = await send("GET", `${SCIM_PREFIX}/Users`);
    for (let i = 0; i < 100 && shed.status !== 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      shed = await send("GET", `${SCIM_PREFIX}/Users`);
    }
    expect(shed.status).toBe(503);
    expect(shed.headers["retry-after"]).toBe("1");
    expect(shed.json).toMatchObject({ status: "503" });
    const page = await send("GET", "/users");
    expect(page).toMatchObject({ status: 200, text: "app /users" });
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(held);
    // The places are free again once those connections are gone.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await send("GET", `${SCIM_PREFIX}/Users`)).status).toBe(200);
  });
});

describe("response headers (item 18)", () => {
  it("sends nosniff and no-store on every SCIM answer, errors included", async () => {
    const answers = [
      await send("GET", `${SCIM_PREFIX}/Users`),
      await send("GET", `${SCIM_PREFIX}/Users`, { headers: { Authorization: "Bearer nope" } }),
      await send("POST", `${SCIM_PREFIX}/Users`, { body: "x".repeat(LIMIT + 1), headers: { "Content-Type": "application/scim+json" } }),
      await send("GET", `${SCIM_PREFIX}/ServiceProviderConfig`, { headers: { Host: "javascript://evil" } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 413, 400]);
    for (const a of answers) {
      expect(a.headers["x-content-type-options"]).toBe("nosniff");
      expect(a.headers["cache-control"]).toBe("no-store");
    }
  });
});

describe("bodies that cost more than their share (bench workload 10)", () => {
  it("refuses a /.search body past its own small limit with 413 before reading it", async () => {
    await relisten({ maxBodyBytes: 4 * 1024 * 1024 });
    const filter = `userName eq "${"a".repeat(70 * 1024)}"`;
    const r = await send("POST", `${SCIM_PREFIX}/Users/.search`, {
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter }),
      headers: { "Content-Type": "application/scim+json" },
    });
    expect(r.status).toBe(413);
    expect(r.json.detail).toMatch(/\/\.search body must be at most 65536 bytes/);
    // An ordinary search is served.
    const ok = await send("POST", `${SCIM_PREFIX}/Users/.search`, {
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: 'userName eq "x"' }),
      headers: { "Content-Type": "application/scim+json" },
    });
    expect(ok.status).toBe(200);
  });

  it("drains a refused /.search body only up to twice its limit: past that it answers 413 and closes", async () => {
    await relisten({ maxBodyBytes: 4 * 1024 * 1024 });
    const within = await send("POST", `${SCIM_PREFIX}/Users/.search`, { body: "x".repeat(SCIM_SEARCH_DRAIN_BYTES), headers: { "Content-Type": "application/scim+json" } });
    expect(within.status).toBe(413);
    expect(within.headers.connection).not.toBe("close");
    const past = await send("POST", `${SCIM_PREFIX}/Users/.search`, {
      body: false,
      headers: { "Content-Type": "application/scim+json", "Content-Length": SCIM_SEARCH_DRAIN_BYTES + 1 },
    });
    expect(past.status).toBe(413);
    expect(past.headers.connection).toBe("close");
  });

  it("past the per-address budget, does not drain a big body: it answers 429 and closes", async () => {
    await relisten({}, { unauthenticatedPerMinute: 1 });
    const body = "x".repeat(LIMIT); // under the body limit, over the short drain
    const first = await send("POST", `${SCIM_PREFIX}/Users`, { body, headers: { Authorization: "Bearer nope" } });
    expect(first.status).toBe(401);
    expect(first.headers.connection).not.toBe("close");
    const over = await send("POST", `${SCIM_PREFIX}/Users`, { body: false, headers: { Authorization: "Bearer nope", "Content-Length": 1024 * 1024 } });
    expect(over.status).toBe(429);
    expect(over.headers.connection).toBe("close");
  });

  it("folds a valid token's refused queries and rate limits into one row with a count, but never its refused writes", async () => {
    await relisten();
    const bad = `${SCIM_PREFIX}/Users?filter=${encodeURIComponent("userName zz 1")}`;
    for (let i = 0; i < 12; i++) expect((await send("GET", bad)).status).toBe(400);
    for (let i = 0; i < 7; i++) {
      const r = await send("POST", `${SCIM_PREFIX}/Users`, { body: "{", headers: { "Content-Type": "application/scim+json" } });
      expect(r.status).toBe(400);
    }
    await service.flush();
    const rows = await scimRows();
    const queries = rows.filter((r) => r.method === "GET");
    expect(queries).toHaveLength(FOLD_AFTER + 1);
    expect(queries.at(-1)!.details).toMatchObject({ count: 12 - FOLD_AFTER });
    expect(rows.filter((r) => r.method === "POST")).toHaveLength(7);
  });
});
