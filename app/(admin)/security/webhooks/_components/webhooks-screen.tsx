"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { WebhookDeliveryView } from "@/lib/webhooks/list-webhook-deliveries";
import type { WebhookEndpointSummary } from "@/lib/webhooks/list-webhook-endpoints";
import { AddEndpointDialog } from "./add-endpoint-dialog";
import { EndpointCard } from "./endpoint-card";

/** Security & Controls › Webhooks: where alerts go (issue 14 §4). */
export function WebhooksScreen({ endpoints, deliveries }: { endpoints: WebhookEndpointSummary[]; deliveries: Record<string, WebhookDeliveryView[]> }) {
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-4">
      <Card
        id="webhooks"
        title="Webhooks"
        description="Alerts (a SCIM token expiring or unused, a spike of SCIM failures, the breaker tripping, Directory Integration turned off, a SAML certificate expiring, adoption waiting) are POSTed to these endpoints, signed with each endpoint's secret, and retried for about 7 hours. The Overview lists the same alerts."
        actions={
          <Button
            id="add-webhook"
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            Add endpoint
          </Button>
        }
      >
        {notice && <Alert tone="success">{notice}</Alert>}
        {endpoints.length === 0 && <p className="text-sm text-slate-600">No endpoint yet: alerts show on the Overview only. Add one to have them reach a channel or an on-call tool.</p>}
      </Card>
      {endpoints.map((endpoint) => (
        <EndpointCard key={endpoint.id} endpoint={endpoint} deliveries={deliveries[endpoint.id] ?? []} onRemoved={(url) => setNotice(`Endpoint ${url} removed.`)} />
      ))}
      <AddEndpointDialog open={adding} onOpenChange={setAdding} />
    </div>
  );
}
