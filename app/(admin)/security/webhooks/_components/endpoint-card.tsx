"use client";

import { useState } from "react";
import { MessageText } from "@/app/(admin)/security/_components/message-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { StatusBadge } from "@/components/ui/status-badge";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { ALERT_EVENTS } from "@/db/schema";
import { EVENT_TITLES } from "@/lib/webhooks/event-titles";
import type { WebhookDeliveryView } from "@/lib/webhooks/list-webhook-deliveries";
import type { WebhookEndpointSummary } from "@/lib/webhooks/list-webhook-endpoints";
import { removeWebhookEndpointAction, sendTestWebhookAction, setWebhookEndpointEnabledAction } from "../actions";
import { DeliveriesTable } from "./deliveries-table";

/** One endpoint: what it receives, Send test, enable/disable, remove, and its delivery log. */
export function EndpointCard({ endpoint, deliveries, onRemoved }: { endpoint: WebhookEndpointSummary; deliveries: WebhookDeliveryView[]; onRemoved: (url: string) => void }) {
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [confirming, setConfirming] = useState<"disable" | "remove" | null>(null);
  const test = useActionMutation({
    action: () => sendTestWebhookAction({ id: endpoint.id }),
    refresh: true,
    onSuccess: (delivery) => {
      const last = delivery.attemptLog.at(-1);
      setNotice(
        delivery.status === "delivered"
          ? { tone: "success", text: `Test delivered: the receiver answered HTTP ${last?.httpStatus}.` }
          : { tone: "error", text: `Test not delivered: ${last?.error ?? `the receiver answered HTTP ${last?.httpStatus}`}.` },
      );
    },
  });
  const toggle = useActionMutation({
    action: (enabled: boolean) => setWebhookEndpointEnabledAction({ id: endpoint.id, enabled }),
    refresh: true,
    onSuccess: (view) => {
      setConfirming(null);
      setNotice({ tone: "success", text: view.enabled ? "Enabled: alerts go to this endpoint again." : "Disabled: no alerts go to this endpoint until you enable it." });
    },
  });
  const remove = useActionMutation({
    action: () => removeWebhookEndpointAction({ id: endpoint.id }),
    refresh: true,
    onSuccess: (view) => {
      setConfirming(null);
      onRemoved(view.url);
    },
  });
  const events = endpoint.events.length === ALERT_EVENTS.length ? "Every event" : endpoint.events.map((e) => EVENT_TITLES[e]).join(", ");

  return (
    <Card
      headingLevel={3}
      title={<span className="font-mono text-base break-all">{endpoint.url}</span>}
      description={endpoint.description ?? undefined}
      actions={endpoint.enabled ? <StatusBadge tone="good">Enabled</StatusBadge> : <StatusBadge tone="neutral">Disabled</StatusBadge>}
    >
      <div data-endpoint={endpoint.url} className="flex flex-col gap-4">
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-600">Events</dt>
          <dd className="text-slate-900">{events}</dd>
          <dt className="text-slate-600">Format</dt>
          <dd className="text-slate-900">{endpoint.format === "slack" ? "Slack (text and blocks)" : "JSON"}</dd>
          <dt className="text-slate-600">Deliveries</dt>
          <dd className="text-slate-900">
            {endpoint.deliveries.delivered} delivered, {endpoint.deliveries.pending} retrying, {endpoint.deliveries.failed} failed
          </dd>
        </dl>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? "Sending…" : "Send test"}
          </Button>
          {endpoint.enabled ? (
            <Button size="sm" variant="secondary" onClick={() => setConfirming("disable")}>
              Disable
            </Button>
          ) : (
            <Button size="sm" variant="secondary" onClick={() => toggle.mutate(true)} disabled={toggle.isPending}>
              Enable
            </Button>
          )}
          <Button size="sm" variant="secondary" onClick={() => setConfirming("remove")}>
            Remove
          </Button>
        </div>
        {notice && (
          <Alert tone={notice.tone}>
            <MessageText text={notice.text} />
          </Alert>
        )}
        {test.error && (
          <Alert tone="error">
            <MessageText text={test.error.message} />
          </Alert>
        )}
        <div>
          <h4 className="mb-1 text-sm font-semibold text-slate-900">Deliveries</h4>
          <DeliveriesTable endpointUrl={endpoint.url} deliveries={deliveries} />
        </div>
      </div>
      <ConfirmActionDialog
        open={confirming === "disable"}
        onOpenChange={(next) => !next && setConfirming(null)}
        title={`Disable ${endpoint.url}?`}
        description="No alert goes to it while it is disabled; deliveries already waiting are sent when you enable it again."
        mutation={toggle}
        onConfirm={() => toggle.mutate(false)}
        confirmLabel="Disable endpoint"
        pendingLabel="Disabling…"
        cancelLabel="Keep it on"
      />
      <ConfirmActionDialog
        open={confirming === "remove"}
        onOpenChange={(next) => !next && setConfirming(null)}
        title={`Remove ${endpoint.url}?`}
        description="Its delivery log goes with it, and no alert is sent to it again. This cannot be undone."
        mutation={remove}
        onConfirm={() => remove.mutate()}
        confirmLabel="Remove endpoint"
        pendingLabel="Removing…"
        cancelLabel="Keep it"
      />
    </Card>
  );
}
