import { eq } from "drizzle-orm";
import { inTransaction, type Db } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { toEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";
import { requireEndpoint } from "./find-webhook-endpoint";

/** Removes an endpoint and its delivery log (the activity log keeps that it existed). */
export function removeWebhookEndpoint(db: Db, id: string, actor: string, now: number): WebhookEndpointView {
  return inTransaction(db, () => {
    const row = requireEndpoint(db, id);
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run();
    recordActivity(db, {
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
