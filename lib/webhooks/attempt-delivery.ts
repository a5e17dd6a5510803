/**
 * One attempt of one delivery, shared by the server's worker (deliver-due-webhooks.ts) and the
 * test an admin sends (send-test-webhook.ts): render, sign, post, then record the attempt and
 * the delivery's next state in one transaction.
 */
import { inTransaction, type Db } from "@/db/client";
import { WEBHOOK_TEST_EVENT, type WebhookDelivery, type WebhookEndpoint } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { openSecret, type SecretBoxKey } from "@/lib/sso/secret-box";
import { postWebhook, type WebhookAttemptResult } from "./post-webhook";
import { renderWebhookBody, type DeliveryPayload } from "./render-webhook-body";
import { SIGNATURE_HEADERS, signWebhookBody } from "./webhook-signature";

/** Waits after each failed attempt: the sixth failure ends the delivery as failed. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/**
 * While an attempt runs its delivery is not due (next_attempt_at moved this far ahead), so a
 * second process (the CLI beside the server) or the next tick does not send it twice; a
 * crash mid-attempt leaves it due again after this.
 */
export const ATTEMPT_LEASE_MS = 120_000;

export interface DeliveryContext {
  secretBoxKey: SecretBoxKey;
  /** The request timeout (10 s in the server). */
  timeoutMs: number;
  /** PUBLIC_URL's origin, for absolute links in the bodies. */
  publicOrigin?: string | null;
  fetch?: typeof fetch;
}

const USER_AGENT = "AdminCenter-Webhooks/1";

export async function attemptDelivery(
  db: Db,
  delivery: WebhookDelivery,
  endpoint: Pick<WebhookEndpoint, "url" | "format" | "secretEnc">,
  context: DeliveryContext,
  now: number,
): Promise<WebhookDelivery> {
  const body = renderWebhookBody({
    deliveryId: delivery.id,
    payload: JSON.parse(delivery.payload) as DeliveryPayload,
    format: endpoint.format,
    publicOrigin: context.publicOrigin,
  });
  let result: WebhookAttemptResult;
  try {
    const secret = await openSecret(endpoint.secretEnc, context.secretBoxKey);
    const timestamp = Math.floor(now / 1000);
    result = await postWebhook({
      url: endpoint.url,
      body,
      timeoutMs: context.timeoutMs,
      fetch: context.fetch,
      headers: {
        "user-agent": USER_AGENT,
        [SIGNATURE_HEADERS.delivery]: delivery.id,
        [SIGNATURE_HEADERS.event]: delivery.event,
        [SIGNATURE_HEADERS.timestamp]: String(timestamp),
        [SIGNATURE_HEADERS.signature]: signWebhookBody(secret, timestamp, body),
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    // The secret box refused: the server's secret changed since the endpoint was added.
    result = {
      httpStatus: null,
      responseExcerpt: null,
      error: "The endpoint's signing secret cannot be decrypted (the server's secret, AUTH_SECRET or data/auth-secret, changed): remove the endpoint and add it again.",
      durationMs: 0,
    };
  }
  return recordAttempt(db, delivery, result, now);
}

const INSERT_ATTEMPT = `INSERT INTO webhook_attempts (delivery_id, at, http_status, response_excerpt, error, duration_ms)
  VALUES (?, ?, ?, ?, ?, ?)`;
const UPDATE_DELIVERY = "UPDATE webhook_deliveries SET attempts = ?, status = ?, next_attempt_at = ?, finished_at = ? WHERE id = ?";

async function recordAttempt(db: Db, delivery: WebhookDelivery, result: WebhookAttemptResult, now: number): Promise<WebhookDelivery> {
  const attempts = delivery.attempts + 1;
  const delivered = result.error === null && result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;
  // A test is one attempt: the admin sees its answer at once and sends another after a fix.
  const lastAttempt = delivery.event === WEBHOOK_TEST_EVENT || attempts >= MAX_ATTEMPTS;
  const next: Pick<WebhookDelivery, "attempts" | "status" | "nextAttemptAt" | "finishedAt"> = delivered
    ? { attempts, status: "delivered", nextAttemptAt: null, finishedAt: now }
    : lastAttempt
      ? { attempts, status: "failed", nextAttemptAt: null, finishedAt: now }
      : { attempts, status: "pending", nextAttemptAt: now + RETRY_DELAYS_MS[attempts - 1]!, finishedAt: null };
  return inTransaction(db, async (tx) => {
    await tx.execute(INSERT_ATTEMPT, delivery.id, now, result.httpStatus, result.responseExcerpt, result.error, result.durationMs);
    // The endpoint may have been removed meanwhile (its deliveries with it): nothing to update then.
    await tx.execute(UPDATE_DELIVERY, next.attempts, next.status, next.nextAttemptAt, next.finishedAt, delivery.id);
    return { ...delivery, ...next };
  });
}
