/**
 * The node:http adapter over a real socket: body limits (declared and streamed), headers
 * both ways, the base URL from Host or the configured public URL, and a client that hangs
 * up mid-body.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createScimTestEnv, patchBody, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { createScimHttpHandler, isScimPath, SCIM_PREFIX, type ScimHttpOptions } from "./scim-http";

const LIMIT = 16 * 1024;

interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

let scim: ScimTestEnv;
let server: Server;
let port: number;

async function listen(publicUrl?: string, extra: Omit<ScimHttpOptions, "maxBodyBytes" | "publicUrl"> = {}): Promise<void> {
  const handler = createScimHttpHandler(scim.service, { maxBodyBytes: LIMIT, publicUrl, ...extra });
  server = createServer((req, res) => {
    if (isScimPath(req.url)) handler(req, res);
    else res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
}

beforeEach(async () => {
  scim = await createScimTestEnv({ maxBodyBytes: LIMIT });
  await listen();
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function send(
  method: string,
  path: string,
  options: { body?: string | Buffer[]; headers?: Record<string, string | number> } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method, path, headers: { Authorization: scim.authorization, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    // The server may answer 413 and close before the whole body is written.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    if (Array.isArray(options.body)) {
      for (const chunk of options.body) req.write(chunk);
    } else if (options.body !== undefined) {
      req.write(options.body);
    }
    req.end();
  });
}

const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { "Content-Type": "application/scim+json" },
});

describe("the SCIM node:http adapter", () => {
  it("routes /scim/v2 to the service, with the SCIM content type and the base URL from Host", async () => {
    const created = await send("POST", `${SCIM_PREFIX}/Users`, {
      ...json(userBody("ada@example.com")),
      headers: { "Content-Type": "application/scim+json", Host: "tenant.example.net:8443" },
    });
    expect(created.status).toBe(201);
    expect(created.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(created.headers.location).toBe(`http://tenant.example.net:8443/scim/v2/Users/${created.json.id}`);
    expect(created.json.meta.location).toBe(created.headers.location);
    expect(created.headers.etag).toBe(created.json.meta.version);

    // X-Forwarded-Proto is a client's claim unless a trusted proxy set it (TRUST_PROXY).
    const claimed = await send("GET", `${SCIM_PREFIX}/Users/${created.json.id}`, {
      headers: { Host: "scim.acme.example", "X-Forwarded-Proto": "https" },
    });
    expect(claimed.json.meta.location).toBe(`http://scim.acme.example/scim/v2/Users/${created.json.id}`);

    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await listen(undefined, { trustProxy: true });
    const forwarded = await send("GET", `${SCIM_PREFIX}/Users/${created.json.id}`, {
      headers: { Host: "scim.acme.example", "X-Forwarded-Proto": "https" },
    });
    expect(forwarded.json.meta.location).toBe(`https://scim.acme.example/scim/v2/Users/${created.json.id}`);
  });

  it("uses the configured public URL over Host", async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await listen("https://admin.acme.example/");
    const r = await send("GET", `${SCIM_PREFIX}/ServiceProviderConfig`, { headers: { Host: "evil.example" } });
    expect(r.json.meta.location).toBe("https://admin.acme.example/scim/v2/ServiceProviderConfig");
  });

  it("passes query, If-Match / If-None-Match, Authorization and Content-Type through, and ETag / Allow / WWW-Authenticate / Retry-After back", async () => {
    const created = (await send("POST", `${SCIM_PREFIX}/Users`, json(userBody("ada@example.com")))).json;
    const list = await send("GET", `${SCIM_PREFIX}/Users?filter=${encodeURIComponent('userName eq "ADA@example.com"')}&attributes=userName`);
    expect(list.json).toMatchObject({ totalResults: 1, Resources: [{ id: created.id, userName: "ada@example.com" }] });

    const notModified = await send("GET", `${SCIM_PREFIX}/Users/${created.id}`, { headers: { "If-None-Match": created.meta.version } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    expect(notModified.headers.etag).toBe(created.meta.version);

    const stale = await send("PATCH", `${SCIM_PREFIX}/Users/${created.id}`, {
      body: JSON.stringify(patchBody({ op: "replace", path: "title", value: "Dr" })),
      headers: { "Content-Type": "application/scim+json", "If-Match": 'W/"0"' },
    });
    expect(stale.status).toBe(412);

    const wrongType = await send("POST", `${SCIM_PREFIX}/Users`, {
      body: JSON.stringify(userBody("bob@example.com")),
      headers: { "Content-Type": "text/xml" },
    });
    expect(wrongType.status).toBe(415);

    const unauthenticated = await send("GET", `${SCIM_PREFIX}/Users`, { headers: { Authorization: "Bearer nope" } });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers["www-authenticate"]).toMatch(/^Bearer/);

    const method = await send("DELETE", `${SCIM_PREFIX}/Users`);
    expect(method.status).toBe(405);
    expect(method.headers.allow).toBe("GET, POST");
  });

  it("answers 413 for a declared Content-Length past the limit without reading the body", async () => {
    const r = await send("POST", `${SCIM_PREFIX}/Users`, {
      body: "x".repeat(LIMIT + 1),
      headers: { "Content-Type": "application/scim+json" },
    });
    expect(r.status).toBe(413);
    expect(r.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(r.json).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "413" });
    expect(r.json.detail).toContain(String(LIMIT));
    expect(await send("GET", `${SCIM_PREFIX}/Users`)).toMatchObject({ status: 200 });
  });

  it("answers 413 for a chunked body that grows past the limit", async () => {
    const chunk = Buffer.alloc(4096, "y");
    const r = await send("POST", `${SCIM_PREFIX}/Users`, {
      body: Array.from({ length: 8 }, () => chunk),
      headers: { "Content-Type": "application/scim+json", "Transfer-Encoding": "chunked" },
    });
    expect(r.status).toBe(413);
    expect(r.json.status).toBe("413");
    // A body under the limit, also chunked, goes through.
    const small = await send("POST", `${SCIM_PREFIX}/Users`, {
      body: [Buffer.from(JSON.stringify(userBody("ada@example.com")))],
      headers: { "Content-Type": "application/scim+json", "Transfer-Encoding": "chunked" },
    });
    expect(small.status).toBe(201);
  });

  it("survives a client that hangs up mid-body", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          `POST ${SCIM_PREFIX}/Users HTTP/1.1\r\nHost: x\r\nAuthorization: ${scim.authorization}\r\n` +
            "Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{\"schemas\":",
        );
        setImmediate(() => {
          socket.destroy();
          resolve();
        });
      });
      socket.on("error", reject);
    });
    const after = await send("GET", `${SCIM_PREFIX}/ServiceProviderConfig`);
    expect(after.status).toBe(200);
    expect(after.json.bulk.maxPayloadSize).toBe(LIMIT);
  });

  it("answers every path under /scim/v2 with a SCIM error, the bare prefix included", async () => {
    for (const path of [SCIM_PREFIX, `${SCIM_PREFIX}/`, `${SCIM_PREFIX}?x=1`, `${SCIM_PREFIX}/Nope`, `${SCIM_PREFIX}/Users/%zz`]) {
      const r = await send("GET", path);
      expect(r.status, path).toBe(404);
      expect(r.json).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" });
    }
    expect(isScimPath("/scim/v2x")).toBe(false);
    expect(isScimPath("/admin")).toBe(false);
  });
});
