/**
 * The client's address, worked out once at the edge (server/http-server.ts) for both
 * adapters: the SCIM adapter reads it from the socket, the Admin Center (Next.js) from a
 * request header the server entry sets after removing any the client sent.
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** Set by the server entry on every request it hands to Next.js; a client's own copy is dropped. */
export const CLIENT_ADDRESS_HEADER = "x-admin-center-client-address";

/** Headers only a trusted reverse proxy (TRUST_PROXY) may set; without one they are a client's claim. */
export const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"] as const;

/** The client's address: the peer, or with a trusted proxy the address the proxy saw (the last X-Forwarded-For entry). */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  const remote = req.socket.remoteAddress ?? "unknown";
  const peer = remote.startsWith("::ffff:") && remote.includes(".") ? remote.slice(7) : remote;
  if (!trustProxy) return peer;
  const forwarded = req.headers["x-forwarded-for"];
  const list = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded ?? "").split(",");
  const last = list.at(-1)?.trim().replace(/^\[|\]$/g, "") ?? "";
  return isIP(last) ? last : peer;
}
