import type { Alert, WebhookDeliveryEvent, WebhookFormat } from "@/db/schema";
import { EVENT_TITLES } from "./event-titles";

/** What a delivery's payload column holds: the alert as raised (raise-alert.ts), or a test's stand-in. */
export type DeliveryPayload = Omit<Alert, "event"> & { event: WebhookDeliveryEvent };

export interface RenderInput {
  deliveryId: string;
  payload: DeliveryPayload;
  format: WebhookFormat;
  /** The Admin Center's public origin (PUBLIC_URL), to make the alert's link absolute; without it the link stays a path. */
  publicOrigin?: string | null;
}

// Slack's limit for a section block's text.
const SLACK_SECTION_MAX = 3000;

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

function absoluteLink(link: string | null, origin: string | null | undefined): string | null {
  if (!link) return null;
  return origin ? new URL(link, origin).toString() : link;
}

// Slack's mrkdwn treats these three as control characters (api.slack.com "Formatting text").
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The body of one delivery, the same bytes on every attempt (only the signed timestamp
 * changes), so a receiver can drop a retry it already handled by the delivery id.
 */
export function renderWebhookBody({ deliveryId, payload, format, publicOrigin }: RenderInput): string {
  const link = absoluteLink(payload.link, publicOrigin);
  const title = EVENT_TITLES[payload.event];
  if (format === "slack") {
    const heading = `*${slackEscape(title)}*\n${slackEscape(payload.summary)}`;
    const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text: heading.slice(0, SLACK_SECTION_MAX) } }];
    if (link && /^https?:\/\//.test(link)) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${link}|Open in the Admin Center>` } });
    } else if (link) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: `In the Admin Center: \`${slackEscape(link)}\`` } });
    }
    return JSON.stringify({ text: `${title}: ${payload.summary}`, blocks });
  }
  return JSON.stringify({
    id: deliveryId,
    event: payload.event,
    alert: {
      id: payload.id,
      key: payload.key,
      summary: payload.summary,
      details: payload.details,
      link,
      raisedAt: iso(payload.raisedAt),
    },
  });
}
