/**
 * The node:http adapter for SCIM: checks what the request line and headers already decide
 * (load, Host, token) before reading a body, reads the body (bounded in size and time),
 * calls the framework-free service in lib/scim, writes the response. Nothing else: no
 * Next.js on this path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { ScimError, scimErrors, toScimErrorBody } from "@/lib/scim/errors";
import { createScimService, SCIM_CONTENT_TYPE, type ScimRequest, type ScimService } from "@/lib/scim/handler";
import { clientAddressOf } from "./client-address";
import { getDb } from "./db";
import { env } from "./env";
import { createLoadShedder, SHED_RETRY_AFTER_SECONDS, type LoadShedder, type LoadShedderOptions } from "./load-shedder";

export const SCIM_PREFIX = "/scim/v2";

/** Time a client has to send a body once its headers are in: a 4 MB body takes well under a second on any link an IdP uses; a client slower than this is holding a connection open. */
export const SCIM_BODY_TIMEOUT_MS = 30_000;
/**
 * Bytes read and thrown away after answering early (401, 413) so the client, which is
 * still sending, reads the answer instead of a connection reset (issue 11, item 13).
 * Discarded bytes cost no memory; past this the connection is closed.
 */
export const SCIM_DRAIN_MAX_BYTES = 8 * 1024 * 1024;
/**
 * The drain once an address has spent its budget of requests without a valid token (the
 * 429): its first 30 a minute are drained in full, so a real IdP with a mistyped token reads
 * its 401 whatever it sends; past them, a flood's megabytes are not read at our cost (bench
 * workload 10: draining 4 MB bodies cut the IdP beside it to 7.5% of its rate) and the
 * connection closes after this much.
 */
export const SCIM_UNAUTHENTICATED_DRAIN_BYTES = 64 * 1024;
/**
 * The body of POST /.search is one filter (at most 10,000 characters, lib/scim/limits.ts)
 * and a few attribute lists: a bigger one is refused with 413 before it is read or parsed
 * (a 1 MB one cost 64 existence checks of CPU).
 */
export const SCIM_SEARCH_MAX_BODY_BYTES = 64 * 1024;
/**
 * How much of a refused /.search body is drained: twice its limit, so a client that overshot
 * reads its 413, while one sending megabytes is closed on. Draining a 1 MB body on each of 10
 * connections held up to 52 MB of discarded chunks until V8 next collected them (bench
 * workload 10, "1 MB filter (.search)": peak RSS 189 -> 241 MB); no IdP's search is near either.
 */
export const SCIM_SEARCH_DRAIN_BYTES = 2 * SCIM_SEARCH_MAX_BODY_BYTES;

export interface ScimHttpOptions {
  maxBodyBytes: number;
  /** The public origin (PUBLIC_URL); otherwise the base URL comes from each request's Host. */
  publicUrl?: string | undefined;
  /** Behind a reverse proxy (TRUST_PROXY): take the client address, scheme and host from its X-Forwarded-* headers. */
  trustProxy?: boolean;
  bodyTimeoutMs?: number;
  drainMaxBytes?: number;
  shedding?: LoadShedderOptions;
}

export type ScimHttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

let service: Promise<ScimService> | undefined;

/** The process's one SCIM service (callers at the same moment share it). */
export function scimService(): Promise<ScimService> {
  service ??= createProcessScimService();
  return service;
}

async function createProcessScimService(): Promise<ScimService> {
  const { SCIM_MAX_BODY_BYTES, SCIM_RATE_LIMIT_PER_MINUTE } = env();
  const created = createScimService({
    db: await getDb(),
    maxBodyBytes: SCIM_MAX_BODY_BYTES,
    rateLimitPerMinute: SCIM_RATE_LIMIT_PER_MINUTE,
    onError: (error) => console.error("SCIM request failed:", error),
  });
  // Reads and failures are logged in batches; see lib/scim/request-log.ts. A failed flush
  // (the database locked by the CLI for longer than busy_timeout) keeps its entries for
  // the next one and must not take the server down.
  const flush = async () => {
    try {
      await created.flush();
    } catch (error) {
      console.error("SCIM request log flush failed (retried at the next flush):", error);
    }
  };
  setInterval(() => void flush(), 250).unref();
  process.once("beforeExit", () => void flush());
  return created;
}

// RFC 9110 §7.2 / RFC 3986 §3.2.2: a DNS name, an IPv4 address or a bracketed IPv6
// address, and an optional port. Anything else (`javascript://evil`, spaces, quotes)
// would end up in meta.location and the Location header.
const HOST = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?))*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function isWellFormedHost(host: string): boolean {
  return host.length <= 260 && HOST.test(host);
}

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim();

/** Base URLs by scheme and host: the same few hosts every request, so the check runs once per host (bounded: Host is the client's choice). */
const baseUrls = new Map<string, string | undefined>();

function baseUrlFor(proto: string, host: string): string | undefined {
  const key = `${proto} ${host}`;
  let url = baseUrls.get(key);
  if (url === undefined && !baseUrls.has(key)) {
    if (baseUrls.size >= 64) baseUrls.clear();
    url = isWellFormedHost(host) ? `${proto}://${host.toLowerCase()}${SCIM_PREFIX}` : undefined;
    baseUrls.set(key, url);
  }
  return url;
}

/** The base URL for meta.location, or undefined when the request names no usable host. */
function baseUrlOf(req: IncomingMessage, options: ScimHttpOptions): string | undefined {
  if (options.publicUrl) return `${options.publicUrl.replace(/\/$/, "")}${SCIM_PREFIX}`;
  const forwardedProto = options.trustProxy ? first(req.headers["x-forwarded-proto"])?.toLowerCase() : undefined;
  const proto =
    forwardedProto === "https" || forwardedProto === "http"
      ? forwardedProto
      : (req.socket as Partial<TLSSocket>).encrypted
        ? "https"
        : "http";
  const host = (options.trustProxy ? first(req.headers["x-forwarded-host"]) : undefined) ?? req.headers.host ?? "localhost";
  return baseUrlFor(proto, host);
}

// Every SCIM answer carries private data or an error about it: no cache may keep it, and
// no browser may read it as anything but its declared type (issue 11, item 18).
const SECURITY_HEADERS = { "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" } as const;

/** Writes the response; `headers` is the caller's own object (the service makes one a response) and gains the security headers. */
function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string) {
  if (res.headersSent || res.destroyed) return;
  headers["X-Content-Type-Options"] = SECURITY_HEADERS["X-Content-Type-Options"];
  headers["Cache-Control"] = SECURITY_HEADERS["Cache-Control"];
  // With the length known up front Node sends head and body in one write; without it,
  // writeHead commits to chunked encoding and every response took a writev of three
  // buffers (bench/: the largest single cost of an existence check).
  if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

function sendError(res: ServerResponse, error: ScimError, extra: Record<string, string> = {}) {
  send(res, error.status, { "Content-Type": SCIM_CONTENT_TYPE, ...error.headers, ...extra }, JSON.stringify(toScimErrorBody(error)));
}

/** Path and query of a request target (`/scim/v2/Users?filter=…`), without a full URL parse. */
function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  const q = target.indexOf("?");
  const hash = target.indexOf("#");
  const end = hash === -1 ? target.length : hash;
  return q === -1 || q > end
    ? { pathname: target.slice(0, end), query: new URLSearchParams() }
    : { pathname: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1, end)) };
}

const ignore = (): void => undefined;

/** A request handler for `/scim/v2/*` over `service`; tests build one without env(). */
export function createScimHttpHandler(scim: ScimService, options: ScimHttpOptions): ScimHttpHandler {
  const maxBodyBytes = options.maxBodyBytes;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? SCIM_BODY_TIMEOUT_MS;
  const drainMax = options.drainMaxBytes ?? SCIM_DRAIN_MAX_BYTES;
  const shedder: LoadShedder = createLoadShedder(options.shedding);

  /** After an early answer: read and discard the rest of the body (bounded), so the client reads the answer. */
  const drain = (req: IncomingMessage, max = drainMax) => {
    let drained = 0;
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > max) req.socket.destroy();
    });
    req.resume();
  };

  // Made once, not per request: an existence check is a few dozen microseconds of our code, and
  // a closure a request (under tsx each also gets its name defined) is a measurable part of it.
  const release = () => shedder.release();
  const answer = async (res: ServerResponse, head: ScimRequest, body: string | undefined) => {
    head.body = body;
    const started = shedder.begin();
    try {
      const response = await scim.handle(head);
      send(res, response.status, response.headers, response.body);
    } finally {
      shedder.end(started);
    }
  };
  // handle() answers every failure itself; what is left (the database gone mid-request) is
  // logged, and the client still gets an RFC 7644 error rather than a hung connection.
  const unexpected = (res: ServerResponse) => (error: unknown) => {
    console.error("SCIM request failed:", error);
    if (!res.headersSent) sendError(res, scimErrors.serviceUnavailable("The database is not answering; retry shortly.", 1));
    else res.destroy();
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    // A client that hangs up mid-body may make the request emit 'error' (ECONNRESET, "aborted");
    // an 'error' nobody listens to is an uncaught exception. There is no one left to answer.
    req.on("error", ignore);
    const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
    const declared = Number(req.headers["content-length"] ?? 0);
    // Past the drain bound the client cannot be read to the end anyway: say so and close.
    const closeAfter: Record<string, string> = declared > drainMax ? { Connection: "close" } : {};

    if (!shedder.admit()) {
      sendError(
        res,
        scimErrors.serviceUnavailable(
          `The SCIM service is busy; retry after ${SHED_RETRY_AFTER_SECONDS} s.`,
          SHED_RETRY_AFTER_SECONDS,
        ),
        closeAfter,
      );
      if (hasBody) drain(req);
      else req.resume();
      return;
    }
    res.once("close", release);

    const baseUrl = baseUrlOf(req, options);
    if (baseUrl === undefined) {
      sendError(res, scimErrors.invalidSyntax("The Host header is not a well-formed host name."), closeAfter);
      if (hasBody) drain(req);
      else req.resume();
      return;
    }
    const url = splitTarget(req.url ?? "/");
    const head: ScimRequest = {
      body: undefined,
      method: req.method ?? "GET",
      path: url.pathname.slice(SCIM_PREFIX.length),
      query: url.query,
      headers: {
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        ifMatch: req.headers["if-match"],
        ifNoneMatch: req.headers["if-none-match"],
      },
      baseUrl,
      clientAddress: clientAddressOf(req, options.trustProxy ?? false),
    };

    // No Content-Length and no Transfer-Encoding: the request has no body (RFC 9112 §6.3),
    // so answer now rather than through the stream's 'end' (every existence check).
    if (!hasBody) {
      req.resume();
      await answer(res, head, undefined);
      return;
    }

    // The token (and the endpoint) from the headers, before a byte of body is held: a
    // client without a valid token gets its 401 at once (issue 11, item 6).
    const started = shedder.begin();
    const early = await scim.precheck(head);
    shedder.end(started);
    if (early) {
      // precheck's 429 is the per-address budget for requests without a valid token.
      const max = early.status === 429 ? Math.min(drainMax, SCIM_UNAUTHENTICATED_DRAIN_BYTES) : drainMax;
      send(res, early.status, Object.assign(early.headers, declared > max ? { Connection: "close" } : closeAfter), early.body);
      drain(req, max);
      return;
    }
    const search = head.method === "POST" && head.path.endsWith("/.search");
    const limit = search ? Math.min(maxBodyBytes, SCIM_SEARCH_MAX_BODY_BYTES) : maxBodyBytes;
    const tooLargeDrain = search ? Math.min(drainMax, SCIM_SEARCH_DRAIN_BYTES) : drainMax;
    const tooLarge = () =>
      sendError(
        res,
        scimErrors.payloadTooLarge(
          search
            ? `A /.search body must be at most ${limit} bytes: it holds one filter of at most 10,000 characters.`
            : `The request body is larger than ${limit} bytes (maxPayloadSize).`,
        ),
        declared > tooLargeDrain ? { Connection: "close" } : closeAfter,
      );
    if (declared > limit) {
      tooLarge();
      drain(req, tooLargeDrain);
      return;
    }

    // The headers passed: now the client may send the body it held back (RFC 9110 §10.1.1).
    if (req.headers.expect?.toLowerCase() === "100-continue") res.writeContinue();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      chunks.length = 0;
      // The body is incomplete, so the connection cannot carry another request.
      sendError(res, new ScimError(408, `The request body did not arrive within ${bodyTimeoutMs / 1000} s.`), { Connection: "close" });
      res.once("finish", () => req.socket.destroy());
    }, bodyTimeoutMs);
    timer.unref();
    const onData = (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        clearTimeout(timer);
        chunks.length = 0;
        tooLarge();
        req.off("data", onData);
        drain(req, tooLargeDrain);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => {
      clearTimeout(timer);
      if (done) return;
      done = true;
      answer(res, head, chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : undefined).catch(unexpected(res));
    });
    req.on("close", () => clearTimeout(timer));
  };

  return (req, res) => {
    serve(req, res).catch(unexpected(res));
  };
}

let handler: ScimHttpHandler | undefined;
let starting: Promise<ScimHttpHandler> | undefined;

async function startHandler(): Promise<ScimHttpHandler> {
  const { SCIM_MAX_BODY_BYTES, PUBLIC_URL, TRUST_PROXY } = env();
  handler = createScimHttpHandler(await scimService(), {
    maxBodyBytes: SCIM_MAX_BODY_BYTES,
    publicUrl: PUBLIC_URL,
    trustProxy: TRUST_PROXY,
  });
  return handler;
}

/** The server's SCIM request handler; the first requests wait for the database to open. */
export function handleScimHttp(req: IncomingMessage, res: ServerResponse): void {
  if (handler) {
    handler(req, res);
    return;
  }
  starting ??= startHandler();
  starting.then((ready) => ready(req, res)).catch((error: unknown) => {
    console.error("The SCIM service could not start:", error);
    if (!res.headersSent) sendError(res, scimErrors.serviceUnavailable("The SCIM service is starting; retry shortly.", 1));
  });
}

export const isScimPath = (url: string | undefined): boolean =>
  url !== undefined && (url === SCIM_PREFIX || url.startsWith(`${SCIM_PREFIX}/`) || url.startsWith(`${SCIM_PREFIX}?`));
