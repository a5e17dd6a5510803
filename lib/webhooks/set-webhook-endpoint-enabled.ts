import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { toEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";
import { requireEndpoint } from "./find-webhook-endpoint";

/**
 * Enables or disables an endpoint. While disabled it gets no new deliveries and its pending
 * ones wait (the worker skips them); enabling it again sends what is still pending.
 */
export async function setWebhookEndpointEnabled(db: Db, { id, enabled }: { id: string; enabled: boolean }, actor: string, now: number): Promise<WebhookEndpointView> {
  return inTransaction(db, async (tx) => {
    const row = await requireEndpoint(tx, id);
    if (row.enabled === enabled) return toEndpointView(row);
    await tx.execute("UPDATE webhook_endpoints SET enabled = ?, updated_at = ? WHERE id = ?", enabled ? 1 : 0, now, id);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: enabled ? "webhook.enabled" : "webhook.disabled",
      fromValue: enabled ? "off" : "on",
      toValue: enabled ? "on" : "off",
      details: { endpointId: id, url: row.url },
    });
    return toEndpointView({ ...row, enabled, updatedAt: now });
  });
}

