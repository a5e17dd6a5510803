import type { Db } from "@/db/client";
import type { WebhookDelivery, WebhookEndpoint } from "@/db/schema";
import { ATTEMPT_LEASE_MS, attemptDelivery, type DeliveryContext } from "./attempt-delivery";

// webhook_deliveries_due_idx (partial: status = 'pending'): nothing due costs one index probe.
const DUE = `SELECT d.id, d.endpoint_id AS "endpointId", d.event, d.alert_id AS "alertId", d.payload, d.status,
       d.attempts, d.next_attempt_at AS "nextAttemptAt", d.created_at AS "createdAt", d.finished_at AS "finishedAt",
       e.url, e.format, e.secret_enc AS "secretEnc"
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
 WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND e.enabled = 1
 ORDER BY d.next_attempt_at LIMIT ?`;
const CLAIM = `UPDATE webhook_deliveries SET next_attempt_at = ?
 WHERE id = ? AND status = 'pending' AND next_attempt_at = ?`;

export interface DeliveryStep {
  attempted: number;
  delivered: number;
  /** Out of attempts in this step. */
  failed: number;
}

/**
 * The delivery worker's step (server/webhook-worker.ts runs it every few seconds): sends each
 * due delivery of an enabled endpoint once, at most `limit` at a time, in parallel so one
 * hanging receiver costs the others nothing. `now` is the step's clock, so tests move it.
 */
export async function deliverDueWebhooks(db: Db, { now, limit = 20, ...context }: DeliveryContext & { now: number; limit?: number }): Promise<DeliveryStep> {
  const due = await db.rows<WebhookDelivery & Pick<WebhookEndpoint, "url" | "format" | "secretEnc">>(DUE, now, limit);
  const claimed = [];
  for (const d of due) if ((await db.execute(CLAIM, now + ATTEMPT_LEASE_MS, d.id, d.nextAttemptAt)).changes === 1) claimed.push(d);
  const results = await Promise.all(
    claimed.map(async ({ url, format, secretEnc, ...delivery }) => attemptDelivery(db, delivery, { url, format, secretEnc }, context, now)),
  );
  return {
    attempted: results.length,
    delivered: results.filter((r) => r.status === "delivered").length,
    failed: results.filter((r) => r.status === "failed").length,
  };
}
