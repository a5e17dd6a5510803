import { desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
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

function toViews(db: Db, rows: WebhookDelivery[]): WebhookDeliveryView[] {
  const ids = rows.map((r) => r.id);
  const attempts = ids.length === 0 ? [] : db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ids)).all();
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
export function listWebhookDeliveries(db: Db, endpointId: string, { limit = DELIVERIES_SHOWN }: { limit?: number } = {}): WebhookDeliveryView[] {
  requireEndpoint(db, endpointId);
  const rows = db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit)
    .all();
  return toViews(db, rows);
}

export function getWebhookDelivery(db: Db, id: string): WebhookDeliveryView {
  const row = db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
  if (!row) throw new AppError("not_found", `No webhook delivery has the id ${id}: its endpoint may have been removed.`);
  return toViews(db, [row])[0]!;
}
