import { headers } from "next/headers";
import { env } from "@/server/env";

/**
 * The origin the IdP should call: PUBLIC_URL when configured, otherwise the one this
 * request came in on (X-Forwarded-* reach here only from a trusted proxy: server/http-server.ts
 * drops them without TRUST_PROXY).
 */
export async function publicOrigin(): Promise<string> {
  const configured = env().PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host") || "localhost";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}
