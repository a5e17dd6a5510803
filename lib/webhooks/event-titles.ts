import type { WebhookDeliveryEvent } from "@/db/schema";

/** Each event in words: the Admin Center's checkboxes, the Slack message's heading, the CLI. */
export const EVENT_TITLES: Record<WebhookDeliveryEvent, string> = {
  "breaker.tripped": "Mass-deactivation breaker tripped",
  "adoption.waiting": "Adoption waiting for approval",
  "di.turned-off": "Directory Integration turned off",
  "token.expiring": "SCIM token expiring",
  "token.unused": "SCIM token unused",
  "scim.failure-spike": "Spike of SCIM failures",
  "saml.certificate-expiring": "SAML certificate expiring",
  "webhook.test": "Test delivery",
};
