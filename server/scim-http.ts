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
    // The request log is written in batches; see lib/scim/request-log.ts.
    setInterval(() => created.flush(), 250).unref();
    process.once("beforeExit", () => created.flush());
    service = created;
  }
  return service;
}

function baseUrlOf(req: IncomingMessage): string {
  const configured = env().PUBLIC_URL;
  if (configured) return `${configured.replace(/\/$/, "")}${SCIM_PREFIX}`;
  const forwarded = req.headers["x-forwarded-proto"];
  const proto = typeof forwarded === "string" ? forwarded.split(",")[0]!.trim() : "http";
  return `${proto}://${req.headers.host ?? "localhost"}${SCIM_PREFIX}`;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string) {
  res.writeHead(status, headers);
  res.end(body);
}

export function handleScimHttp(req: IncomingMessage, res: ServerResponse): void {
  const limit = env().SCIM_MAX_BODY_BYTES;
  const declared = Number(req.headers["content-length"] ?? 0);
  const tooLarge = () => {
    const error = scimErrors.payloadTooLarge(`The request body is larger than ${limit} bytes (maxPayloadSize).`);
    send(res, 413, { "Content-Type": SCIM_CONTENT_TYPE, Connection: "close" }, JSON.stringify(toScimErrorBody(error)));
  };
  if (declared > limit) {
    tooLarge();
    req.resume();
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
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (aborted) return;
    const url = new URL(req.url ?? "/", "http://x");
    const response = scimService().handle({
      method: req.method ?? "GET",
      path: url.pathname.slice(SCIM_PREFIX.length),
      query: url.searchParams,
      headers: {
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        ifMatch: req.headers["if-match"],
        ifNoneMatch: req.headers["if-none-match"],
      },
      body: chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : undefined,
      baseUrl: baseUrlOf(req),
    });
    send(res, response.status, response.headers, response.body);
  });
}

export const isScimPath = (url: string | undefined): boolean =>
  url !== undefined && (url === SCIM_PREFIX || url.startsWith(`${SCIM_PREFIX}/`) || url.startsWith(`${SCIM_PREFIX}?`));
