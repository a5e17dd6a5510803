"use client";

import { useState, type FormEvent } from "react";
import { CopyField } from "@/app/(admin)/security/_components/copy-field";
import { MessageText, plainMessage } from "@/app/(admin)/security/_components/message-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { ALERT_EVENTS, type AlertEvent, type WebhookFormat } from "@/db/schema";
import { fieldError } from "@/lib/action-result";
import type { CreatedWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { EVENT_TITLES } from "@/lib/webhooks/event-titles";
import { webhookUrlProblem } from "@/lib/webhooks/webhook-url";
import { createWebhookEndpointAction } from "../actions";

type Errors = { url?: string; events?: string };

/** Add an endpoint: a form, then the signing secret shown this once. */
export function AddEndpointDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<AlertEvent[]>([...ALERT_EVENTS]);
  const [format, setFormat] = useState<WebhookFormat>("json");
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const create = useActionMutation({
    action: createWebhookEndpointAction,
    refresh: true,
    onSuccess: (result) => setCreated(result),
  });
  const serverUrl = fieldError(create.error, "url");
  const serverEvents = fieldError(create.error, "events");

  const close = () => {
    // The secret is forgotten as the dialog closes: it is never shown again.
    setCreated(null);
    setUrl("");
    setDescription("");
    setEvents([...ALERT_EVENTS]);
    setFormat("json");
    setErrors({});
    create.reset();
    onOpenChange(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    const problem = url.trim() === "" ? "Enter the receiver's URL." : webhookUrlProblem(url.trim());
    if (problem) found.url = problem;
    if (events.length === 0) found.events = "Choose at least one event.";
    setErrors(found);
    if (found.url || found.events) return;
    create.mutate({ url: url.trim(), events, format, ...(description.trim() ? { description: description.trim() } : {}) });
  };

  const urlError = errors.url ?? (serverUrl ? plainMessage(serverUrl) : undefined);
  const eventsError = errors.events ?? (serverEvents ? plainMessage(serverEvents) : undefined);

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      {created ? (
        <DialogContent
          title="Endpoint added"
          description={`Alerts for ${created.endpoint.events.length} event${created.endpoint.events.length === 1 ? "" : "s"} go to ${created.endpoint.url}. Give the receiver this signing secret to verify each delivery.`}
          preventDismiss
          hideClose
        >
          <CopyField id="webhook-secret" label="Signing secret" value={created.secret} copyLabel="Copy the secret" />
          <Alert tone="warn">
            <strong>This secret cannot be shown again.</strong> If you lose it, remove the endpoint and add it again.
          </Alert>
          <DialogFooter>
            <Button onClick={close}>Done, I have copied it</Button>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent title="Add a webhook endpoint" description="Each alert is POSTed to it, signed with a secret shown once, right after you add it." size="lg" preventDismiss={create.isPending}>
          <form id="add-webhook-form" onSubmit={submit} noValidate className="flex flex-col gap-4">
            <Field
              id="webhook-url"
              label="URL"
              hint="https:// (plain http:// only for a receiver on this machine, localhost). Redirects are not followed."
              value={url}
              onChange={(e) => {
                setUrl(e.target.value);
                // An earlier refusal is about the old text: it goes as the admin edits.
                setErrors((current) => ({ ...current, url: undefined }));
                if (serverUrl) create.reset();
              }}
              error={urlError}
              inputMode="url"
              autoComplete="off"
              maxLength={2000}
            />
            <Field
              id="webhook-description"
              label="Description (optional)"
              hint="What it is for, e.g. #it-alerts in Slack."
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              maxLength={200}
              autoComplete="off"
            />
            <fieldset className="flex flex-col gap-2" aria-describedby={eventsError ? "webhook-events-error" : undefined}>
              <legend className="text-sm font-medium text-slate-800">Events</legend>
              <div className="grid gap-1 sm:grid-cols-2">
                {ALERT_EVENTS.map((event) => (
                  <label key={event} className="flex items-start gap-2 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      className="mt-0.5"
                      checked={events.includes(event)}
                      onChange={(e) => {
                        setEvents((current) => (e.target.checked ? [...current, event] : current.filter((x) => x !== event)));
                        setErrors((current) => ({ ...current, events: undefined }));
                      }}
                    />
                    <span>
                      {EVENT_TITLES[event]} <code className="text-xs text-slate-600">{event}</code>
                    </span>
                  </label>
                ))}
              </div>
              {eventsError && (
                <p id="webhook-events-error" className="text-sm text-red-700">
                  {eventsError}
                </p>
              )}
            </fieldset>
            <fieldset className="flex flex-col gap-1">
              <legend className="text-sm font-medium text-slate-800">Format</legend>
              {(
                [
                  ["json", "JSON", "the alert as a JSON object (event, summary, details, link)"],
                  ["slack", "Slack", "text and section blocks, for a Slack incoming webhook URL"],
                ] as const
              ).map(([value, label, hint]) => (
                <label key={value} className="flex items-start gap-2 text-sm text-slate-800">
                  <input type="radio" name="webhook-format" className="mt-0.5" checked={format === value} onChange={() => setFormat(value)} />
                  <span>
                    {label} <span className="text-slate-600">({hint})</span>
                  </span>
                </label>
              ))}
            </fieldset>
          </form>
          {create.error && !serverUrl && !serverEvents && (
            <Alert tone="error">
              <MessageText text={create.error.message} />
            </Alert>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" form="add-webhook-form" disabled={create.isPending}>
              {create.isPending ? "Adding…" : "Add endpoint"}
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
