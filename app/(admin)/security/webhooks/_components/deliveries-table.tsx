"use client";

import { Fragment, useState } from "react";
import { DateTime } from "@/app/(admin)/security/_components/date-time";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { EVENT_TITLES } from "@/lib/webhooks/event-titles";
import type { WebhookDeliveryView } from "@/lib/webhooks/list-webhook-deliveries";

const STATUS = {
  delivered: <StatusBadge tone="good">Delivered</StatusBadge>,
  pending: <StatusBadge tone="warn">Retrying</StatusBadge>,
  failed: <StatusBadge tone="warn">Failed</StatusBadge>,
} as const;

function answer(attempt: WebhookDeliveryView["attemptLog"][number] | undefined): string {
  if (!attempt) return "Not sent yet";
  if (attempt.error) return attempt.error;
  return `HTTP ${attempt.httpStatus}${attempt.responseExcerpt ? `: ${attempt.responseExcerpt.replace(/\s+/g, " ").slice(0, 120)}` : ""}`;
}

/** One endpoint's latest deliveries; each row opens its attempts (what the receiver answered each time). */
export function DeliveriesTable({ endpointUrl, deliveries }: { endpointUrl: string; deliveries: WebhookDeliveryView[] }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (deliveries.length === 0) return <p className="text-sm text-slate-600">No deliveries yet: Send test sends one now.</p>;
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Deliveries to {endpointUrl}, newest first</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            {["Event", "Status", "Attempts", "Last response", "Next retry", "Created"].map((h) => (
              <th key={h} scope="col" className="py-2 pr-4 font-medium whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {deliveries.map((d) => {
            const expanded = open.has(d.id);
            const last = d.attemptLog.at(-1);
            return (
              <Fragment key={d.id}>
                <tr data-delivery={d.event} className="align-top">
                  <td className="py-2 pr-4 text-slate-900">
                    <span className="font-medium">{EVENT_TITLES[d.event]}</span>
                    <span className="block max-w-md text-xs break-words text-slate-600">{d.summary}</span>
                  </td>
                  <td className="py-2 pr-4">{STATUS[d.status]}</td>
                  <td className="py-2 pr-4 text-slate-700">
                    <Button size="sm" variant="ghost" aria-expanded={expanded} aria-controls={`attempts-${d.id}`} onClick={() => toggle(d.id)} disabled={d.attemptLog.length === 0}>
                      {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
                      <span className="sr-only"> of {EVENT_TITLES[d.event]}</span> {expanded ? "▴" : "▾"}
                    </Button>
                  </td>
                  <td className="max-w-xs py-2 pr-4 break-words text-slate-700">{answer(last)}</td>
                  <td className="py-2 pr-4 whitespace-nowrap text-slate-700">{d.nextAttemptAt !== null && d.status === "pending" ? <DateTime at={d.nextAttemptAt} /> : "—"}</td>
                  <td className="py-2 pr-4 whitespace-nowrap text-slate-700">
                    <DateTime at={d.createdAt} />
                  </td>
                </tr>
                {expanded && (
                  <tr id={`attempts-${d.id}`}>
                    <td colSpan={6} className="bg-slate-50 px-3 py-2">
                      <ol className="flex flex-col gap-2">
                        {d.attemptLog.map((a, i) => (
                          <li key={a.id} className="text-sm text-slate-800">
                            <span className="font-medium">Attempt {i + 1}</span>, <DateTime at={a.at} /> ({a.durationMs} ms):{" "}
                            {a.error ? a.error : `HTTP ${a.httpStatus}`}
                            {a.responseExcerpt ? <pre className="mt-1 max-h-40 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-xs whitespace-pre-wrap">{a.responseExcerpt}</pre> : null}
                          </li>
                        ))}
                      </ol>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
