/**
 * How a delivery is signed (README "Alerts and webhooks"): HMAC-SHA256 of `<timestamp>.<body>`
 * with the endpoint's secret, hex, the timestamp in Unix seconds. Signing the timestamp with
 * the body lets a receiver refuse a replayed delivery (older than the tolerance) without
 * keeping state; a fresh timestamp per attempt keeps retries verifiable.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADERS = {
  delivery: "x-admin-center-delivery",
  event: "x-admin-center-event",
  timestamp: "x-admin-center-timestamp",
  signature: "x-admin-center-signature",
} as const;

/** How old a signed timestamp a receiver should accept (either way, for clock drift). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/**
 * What a receiver does, here so the tests check the README's recipe against real deliveries:
 * the signature must match the secret, and the timestamp be within the tolerance of `nowSeconds`.
 */
export function verifyWebhookSignature(
  secret: string,
  { timestamp, signature, body }: { timestamp: string | undefined; signature: string | undefined; body: string },
  nowSeconds: number,
): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signWebhookBody(secret, Number(timestamp), body), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}
