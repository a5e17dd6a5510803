import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { toEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";
import { requireEndpoint } from "./find-webhook-endpoint";

/** Removes an endpoint and its delivery log (the activity log keeps that it existed). */
export function removeWebhookEndpoint(db: Db, id: string, actor: string, now: number): WebhookEndpointView {
  return inTransaction(db, (tx) => {
    const row = requireEndpoint(tx, id);
    tx.execute("DELETE FROM webhook_endpoints WHERE id = ?", id);
    recordActivity(tx, {
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
