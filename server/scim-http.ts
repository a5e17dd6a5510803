/**
 * The node:http adapter for SCIM: reads the request (bounded), calls the framework-free
 * service in lib/scim, writes the response. Nothing else: no Next.js on this path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { scimErrors, toScimErrorBody } from "@/lib/scim/errors";
import { createScimService, SCIM_CONTENT_TYPE, type ScimService } from "@/lib/scim/handler";
import { getDb } from "./db";
import { env } from "./env";

export const SCIM_PREFIX = "/scim/v2";

export interface ScimHttpOptions {
  maxBodyBytes: number;
  /** The public origin (PUBLIC_URL); otherwise the base URL comes from each request's Host. */
  publicUrl?: string | undefined;
}

export type ScimHttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

let service: ScimService | undefined;

export function scimService(): ScimService {
  if (!service) {
    const { SCIM_MAX_BODY_BYTES, SCIM_RATE_LIMIT_PER_MINUTE } = env();
    const created = createScimService({
      db: getDb(),
      maxBodyBytes: SCIM_MAX_BODY_BYTES,
      rateLimitPerMinute: SCIM_RATE_LIMIT_PER_MINUTE,
      onError: (error) => console.error("SCIM request failed:", error),
    });
    // The request log is written in batches; see lib/scim/request-log.ts. A failed flush
    // (the database locked by the CLI for longer than busy_timeout) keeps its entries for
    // the next one and must not take the server down.
    const flush = () => {
      try {
        created.flush();
      } catch (error) {
        console.error("SCIM request log flush failed (retried at the next flush):", error);
      }
    };
    setInterval(flush, 250).unref();
    process.once("beforeExit", flush);
    service = created;
  }
  return service;
}

function baseUrlOf(req: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/$/, "")}${SCIM_PREFIX}`;
  const forwarded = req.headers["x-forwarded-proto"];
  const proto = typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : "http";
  return `${proto}://${req.headers.host ?? "localhost"}${SCIM_PREFIX}`;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string) {
  if (res.headersSent || res.destroyed) return;
  // With the length known up front Node sends head and body in one write; without it,
  // writeHead commits to chunked encoding and every response took a writev of three
  // buffers (bench/: the largest single cost of an existence check).
  if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
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

/** A request handler for `/scim/v2/*` over `service`; tests build one without env(). */
export function createScimHttpHandler(scim: ScimService, options: ScimHttpOptions): ScimHttpHandler {
  const limit = options.maxBodyBytes;
  return (req, res) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    const tooLarge = () => {
      const error = scimErrors.payloadTooLarge(`The request body is larger than ${limit} bytes (maxPayloadSize).`);
      send(res, 413, { "Content-Type": SCIM_CONTENT_TYPE, Connection: "close" }, JSON.stringify(toScimErrorBody(error)));
    };
    // A client that hangs up mid-body may make the request emit 'error' (ECONNRESET, "aborted");
    // an 'error' nobody listens to is an uncaught exception. There is no one left to answer.
    req.on("error", () => undefined);
    if (declared > limit) {
      tooLarge();
      req.resume();
      return;
    }
    const respond = (body: string | undefined) => {
      const url = splitTarget(req.url ?? "/");
      const response = scim.handle({
        method: req.method ?? "GET",
        path: url.pathname.slice(SCIM_PREFIX.length),
        query: url.query,
        headers: {
          authorization: req.headers.authorization,
          contentType: req.headers["content-type"],
          ifMatch: req.headers["if-match"],
          ifNoneMatch: req.headers["if-none-match"],
        },
        body,
        baseUrl: baseUrlOf(req, options.publicUrl),
      });
      send(res, response.status, response.headers, response.body);
    };
    // No Content-Length and no Transfer-Encoding: the request has no body (RFC 9112 §6.3),
    // so answer now rather than through the stream's 'end' (every existence check).
    if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
      req.resume();
      respond(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on("data", (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size > limit) {
        aborted = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (aborted) return;
      respond(chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : undefined);
    });
  };
}

let handler: ScimHttpHandler | undefined;

export function handleScimHttp(req: IncomingMessage, res: ServerResponse): void {
  handler ??= createScimHttpHandler(scimService(), {
    maxBodyBytes: env().SCIM_MAX_BODY_BYTES,
    publicUrl: env().PUBLIC_URL,
  });
  handler(req, res);
}

export const isScimPath = (url: string | undefined): boolean =>
  url !== undefined && (url === SCIM_PREFIX || url.startsWith(`${SCIM_PREFIX}/`) || url.startsWith(`${SCIM_PREFIX}?`));
