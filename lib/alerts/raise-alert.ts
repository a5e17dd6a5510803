/**
 * Alerts (issue 14 §4, README "Alerts and webhooks"): a condition an admin must hear of, raised
 * once in the caller's transaction, so the alert commits with the change that caused it (a
 * breaker trip, DI turned off) or not at all. Each enabled webhook endpoint subscribed to the
 * event gets one pending delivery; the server's delivery worker (lib/webhooks) sends it.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, webhookDeliveries, webhookEndpoints, type Alert, type AlertEvent } from "@/db/schema";
import { newId } from "@/lib/ids";

export interface AlertInput {
  event: AlertEvent;
  /** One open alert per key: `breaker.tripped:<trip id>`, `token.expiring:<token id>`, … */
  key: string;
  /** One sentence an admin can act on; the webhook's text and the Overview's warning. */
  summary: string;
  details?: Record<string, unknown>;
  /** Same-origin path of the Admin Center page that explains it, e.g. `/security/breaker`. */
  link?: string | null;
}

/** Raises the alert unless one with its key is open; returns it, or null when it was already open. */
export function raiseAlert(db: Db, input: AlertInput, now: number): Alert | null {
  const open = db.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.key, input.key), isNull(alerts.clearedAt))).get();
  if (open) return null;
  const alert: Alert = {
    id: newId(),
    event: input.event,
    key: input.key,
    summary: input.summary,
    details: input.details ?? {},
    link: input.link ?? null,
    raisedAt: now,
    clearedAt: null,
  };
  db.insert(alerts).values(alert).run();
  const endpoints = db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true))
    .all()
    .filter((e) => e.events.includes(input.event));
  for (const endpoint of endpoints) {
    db.insert(webhookDeliveries)
      .values({
        id: newId(),
        endpointId: endpoint.id,
        event: input.event,
        alertId: alert.id,
        // The alert as sent; the worker renders it in the endpoint's format and signs that body.
        payload: JSON.stringify(alert),
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
      .run();
  }
  return alert;
}

/** The condition is over (the token was renewed, the breaker cleared): a later one alerts again. */
export function clearAlert(db: Db, key: string, now: number): boolean {
  const result = db
    .update(alerts)
    .set({ clearedAt: now })
    .where(and(eq(alerts.key, key), isNull(alerts.clearedAt)))
    .run();
  return result.changes > 0;
}

/** Open alerts, newest first: what the Overview lists beside its own warnings. */
export function listOpenAlerts(db: Db): Alert[] {
  return db.select().from(alerts).where(isNull(alerts.clearedAt)).all().sort((a, b) => b.raisedAt - a.raisedAt);
}
