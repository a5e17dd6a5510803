/**
 * Alerts (issue 14 §4, README "Alerts and webhooks"): a condition an admin must hear of, raised
 * once in the caller's transaction, so the alert commits with the change that caused it (a
 * breaker trip, DI turned off) or not at all. Each enabled webhook endpoint subscribed to the
 * event gets one pending delivery; the server's delivery worker (lib/webhooks) sends it.
 */
import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { alerts, type Alert, type AlertEvent } from "@/db/schema";
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

const alerts$ = columnsOf(alerts);
const INSERT_ALERT = `INSERT INTO alerts (id, event, key, summary, details, link, raised_at, cleared_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_DELIVERY = `INSERT INTO webhook_deliveries
  (id, endpoint_id, event, alert_id, payload, status, attempts, next_attempt_at, created_at)
  VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`;

/** Raises the alert unless one with its key is open; returns it, or null when it was already open. */
export async function raiseAlert(db: Db, input: AlertInput, now: number): Promise<Alert | null> {
  const open = await db.row("SELECT id FROM alerts WHERE key = ? AND cleared_at IS NULL", input.key);
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
  await db.execute(
    INSERT_ALERT,
    alert.id,
    alert.event,
    alert.key,
    alert.summary,
    JSON.stringify(alert.details),
    alert.link,
    alert.raisedAt,
    alert.clearedAt,
  );
  const endpoints = (await db
    .rows<{ id: string; events: string }>("SELECT id, events FROM webhook_endpoints WHERE enabled = 1"))
    .filter((e) => (JSON.parse(e.events) as AlertEvent[]).includes(input.event));
  for (const endpoint of endpoints) {
    // The alert as sent; the worker renders it in the endpoint's format and signs that body.
    await db.execute(INSERT_DELIVERY, newId(), endpoint.id, input.event, alert.id, JSON.stringify(alert), now, now);
  }
  return alert;
}

/** The condition is over (the token was renewed, the breaker cleared): a later one alerts again. */
export async function clearAlert(db: Db, key: string, now: number): Promise<boolean> {
  return (await db.execute("UPDATE alerts SET cleared_at = ? WHERE key = ? AND cleared_at IS NULL", now, key)).changes > 0;
}

/** Open alerts, newest first: what the Overview lists beside its own warnings. */
export async function listOpenAlerts(db: Db): Promise<Alert[]> {
  return (await db
    .rows(`SELECT ${alerts$.list} FROM alerts WHERE cleared_at IS NULL`))
    .map(alerts$.map)
    .sort((a, b) => b.raisedAt - a.raisedAt);
}
