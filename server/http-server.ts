/**
 * The HTTP server: bounds on connections and on the time a client may take to send a
 * request, and routing of request targets (RFC 9112 §3.2): /scim/v2 to the SCIM adapter,
 * other origin-form targets to the app (Next.js), everything else refused here, before
 * either sees it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, FORWARDED_HEADERS } from "./client-address";
import { isScimPath } from "./scim-http";

/** Connections open at once; past it new ones are closed at accept. An IdP uses a handful and a browser six; a thousand is someone holding sockets open. */
export const MAX_CONNECTIONS = 1_000;
/** Time to send the request headers (Node answers 408): a real client sends them in one packet. */
export const HEADERS_TIMEOUT_MS = 15_000;
/** Time to send a whole request, headers and body (408); the SCIM adapter's own body limit (30 s) answers first with a SCIM error. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** How often Node checks the two timeouts above (its default, 30 s, would let a slow client stay up to that much longer). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface AppServerOptions {
  scim: RequestHandler;
  app: RequestHandler;
  maxConnections?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** TRUST_PROXY: the X-Forwarded-* headers come from our reverse proxy, not from the client. */
  trustProxy?: boolean;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(message)),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    Connection: "close",
  });
  res.end(message);
}

/**
 * Turns the request target into origin-form (`/path?query`), or answers the request and
 * returns false. An absolute-form target (`GET http://host/path`, what proxies are sent)
 * is accepted only for the host the request is addressed to; one naming another host was
 * answered with a redirect to that host. The asterisk-form (`*`) only means something for
 * OPTIONS.
 */
export function normaliseTarget(req: IncomingMessage, res: ServerResponse): boolean {
  const target = req.url ?? "/";
  if (target.startsWith("/")) return true;
  if (target === "*") {
    if (req.method === "OPTIONS") {
      res.writeHead(204, { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", "Content-Length": "0" });
      res.end();
    } else {
      refuse(res, 400, "The asterisk-form request target (*) is only for OPTIONS.");
    }
    return false;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    refuse(res, 400, "The request target is malformed.");
    return false;
  }
  const host = req.headers.host?.toLowerCase();
  if ((url.protocol !== "http:" && url.protocol !== "https:") || host === undefined || url.host !== host) {
    refuse(res, 400, "The request target names another host than the Host header.");
    return false;
  }
  req.url = `${url.pathname}${url.search}`;
  return true;
}

export function createAppServer(options: AppServerOptions): Server {
  const route = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    if (!normaliseTarget(req, res)) {
      req.resume();
      return;
    }
    if (isScimPath(req.url)) {
      options.scim(req, res);
    } else {
      if (expectsContinue) res.writeContinue();
      // Next.js (and next-auth) read forwarded headers and the client address from the
      // request: only what this server vouches for reaches them.
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, options.trustProxy ?? false);
      if (!options.trustProxy) for (const name of FORWARDED_HEADERS) delete req.headers[name];
      options.app(req, res);
    }
  };
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    (req, res) => route(req, res, false),
  );
  // `Expect: 100-continue` (curl sends it for bodies over 1 MB): the SCIM adapter sends
  // the 100 only once the headers passed its checks, so a refused client never sends the
  // body at all. Without this listener Node would send the 100 itself, at once.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => route(req, res, true));
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  return server;
}
