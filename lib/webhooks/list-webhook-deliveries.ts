import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { webhookAttempts, webhookDeliveries, type WebhookAttempt, type WebhookDelivery } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { requireEndpoint } from "./find-webhook-endpoint";
import type { DeliveryPayload } from "./render-webhook-body";

export interface WebhookDeliveryView extends Omit<WebhookDelivery, "payload"> {
  summary: string;
  /** Oldest first. */
  attemptLog: Omit<WebhookAttempt, "deliveryId">[];
}

export const DELIVERIES_SHOWN = 50;

const deliveries$ = columnsOf(webhookDeliveries);
const attempts$ = columnsOf(webhookAttempts);
const ENDPOINT_DELIVERIES = `SELECT ${deliveries$.list} FROM webhook_deliveries WHERE endpoint_id = ?
  ORDER BY created_at DESC, id DESC LIMIT CAST(? AS INTEGER)`;
const FIND_DELIVERY = `SELECT ${deliveries$.list} FROM webhook_deliveries WHERE id = ?`;
/** The attempts of `count` deliveries: one statement text per page size, each cached. */
const attemptsOf = (count: number) =>
  `SELECT ${attempts$.list} FROM webhook_attempts WHERE delivery_id IN (${Array.from({ length: count }, () => "?").join(", ")})`;

async function toViews(db: Db, rows: WebhookDelivery[]): Promise<WebhookDeliveryView[]> {
  const ids = rows.map((r) => r.id);
  const attempts = ids.length === 0 ? [] : await db.rows<WebhookAttempt>(attemptsOf(ids.length), ...ids);
  return rows.map(({ payload, ...row }) => ({
    ...row,
    summary: (JSON.parse(payload) as DeliveryPayload).summary,
    attemptLog: attempts
      .filter((a) => a.deliveryId === row.id)
      .sort((a, b) => a.at - b.at || a.id - b.id)
      .map(({ deliveryId: _d, ...a }) => a),
  }));
}

/** An endpoint's latest deliveries, newest first, each with its attempts. */
export async function listWebhookDeliveries(db: Db, endpointId: string, { limit = DELIVERIES_SHOWN }: { limit?: number } = {}): Promise<WebhookDeliveryView[]> {
  await requireEndpoint(db, endpointId);
  const rows = await db.rows<WebhookDelivery>(ENDPOINT_DELIVERIES, endpointId, limit);
  return toViews(db, rows);
}

export async function getWebhookDelivery(db: Db, id: string): Promise<WebhookDeliveryView> {
  const row = await db.row<WebhookDelivery>(FIND_DELIVERY, id);
  if (!row) throw new AppError("not_found", `No webhook delivery has the id ${id}: its endpoint may have been removed.`);
  return (await toViews(db, [row]))[0]!;
}
