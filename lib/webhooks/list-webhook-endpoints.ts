import type { Db } from "@/db/client";
import type { WebhookDeliveryStatus } from "@/db/schema";
import { endpoints$ } from "./find-webhook-endpoint";
import { toEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";

export interface WebhookEndpointSummary extends WebhookEndpointView {
  deliveries: Record<WebhookDeliveryStatus, number>;
  lastDeliveryAt: number | null;
}

const COUNTS = `SELECT endpoint_id AS "endpointId", status, count(*) AS n, max(created_at) AS last
  FROM webhook_deliveries GROUP BY endpoint_id, status`;
const ENDPOINTS = `SELECT ${endpoints$.list} FROM webhook_endpoints`;

/** Every endpoint, oldest first, with how its deliveries stand. */
export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpointSummary[]> {
  const counts = await db.rows<{ endpointId: string; status: WebhookDeliveryStatus; n: number; last: number }>(COUNTS);
  return (await db
    .rows(ENDPOINTS))
    .map(endpoints$.map)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .map((row) => {
      const mine = counts.filter((c) => c.endpointId === row.id);
      const deliveries = { pending: 0, delivered: 0, failed: 0 };
      for (const c of mine) deliveries[c.status] = c.n;
      const last = mine.reduce<number | null>((max, c) => (max === null || c.last > max ? c.last : max), null);
      return { ...toEndpointView(row), deliveries, lastDeliveryAt: last };
    });
}
