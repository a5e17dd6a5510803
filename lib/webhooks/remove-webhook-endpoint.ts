import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { toEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";
import { requireEndpoint } from "./find-webhook-endpoint";

/** Removes an endpoint and its delivery log (the activity log keeps that it existed). */
export async function removeWebhookEndpoint(db: Db, id: string, actor: string, now: number): Promise<WebhookEndpointView> {
  return inTransaction(db, async (tx) => {
    const row = await requireEndpoint(tx, id);
    await tx.execute("DELETE FROM webhook_endpoints WHERE id = ?", id);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "webhook.removed",
      fromValue: row.url,
      details: { endpointId: id },
    });
    return toEndpointView(row);
  });
}
