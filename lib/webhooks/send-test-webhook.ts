import { type Db } from "@/db/client";
import { WEBHOOK_TEST_EVENT, type WebhookDelivery } from "@/db/schema";
import { newId } from "@/lib/ids";
import { ATTEMPT_LEASE_MS, attemptDelivery, type DeliveryContext } from "./attempt-delivery";
import { requireEndpoint } from "./find-webhook-endpoint";
import type { DeliveryPayload } from "./render-webhook-body";
import { getWebhookDelivery, type WebhookDeliveryView } from "./list-webhook-deliveries";

const INSERT_DELIVERY = `INSERT INTO webhook_deliveries
  (id, endpoint_id, event, alert_id, payload, status, attempts, next_attempt_at, created_at, finished_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * "Send test": a test event delivered at once (one attempt, also to a disabled endpoint) and
 * logged like any delivery, so the admin sees the receiver's answer before an alert needs it.
 */
export async function sendTestWebhook(
  db: Db,
  { endpointId, now, ...context }: DeliveryContext & { endpointId: string; now: number },
  actor: string,
): Promise<WebhookDeliveryView> {
  const endpoint = await requireEndpoint(db, endpointId);
  const id = newId();
  const payload: DeliveryPayload = {
    id,
    event: WEBHOOK_TEST_EVENT,
    key: `${WEBHOOK_TEST_EVENT}:${id}`,
    summary: `Test delivery sent by ${actor}: this endpoint receives the Admin Center's alerts.`,
    details: { endpointId },
    link: "/security/webhooks",
    raisedAt: now,
    clearedAt: null,
  };
  const delivery: WebhookDelivery = {
    id,
    endpointId,
    event: WEBHOOK_TEST_EVENT,
    alertId: id,
    payload: JSON.stringify(payload),
    status: "pending",
    attempts: 0,
    // Leased from the start: the server's worker must not send it too.
    nextAttemptAt: now + ATTEMPT_LEASE_MS,
    createdAt: now,
    finishedAt: null,
  };
  await db.execute(
    INSERT_DELIVERY,
    delivery.id,
    delivery.endpointId,
    delivery.event,
    delivery.alertId,
    delivery.payload,
    delivery.status,
    delivery.attempts,
    delivery.nextAttemptAt,
    delivery.createdAt,
    delivery.finishedAt,
  );
  await attemptDelivery(db, delivery, endpoint, context, now);
  return getWebhookDelivery(db, id);
}
