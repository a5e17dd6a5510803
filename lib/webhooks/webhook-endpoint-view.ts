import type { WebhookEndpoint } from "@/db/schema";

/** An endpoint as the Admin Center and the CLI show it: never its secret. */
export type WebhookEndpointView = Omit<WebhookEndpoint, "secretEnc">;

export function toEndpointView(row: WebhookEndpoint): WebhookEndpointView {
  const { secretEnc: _secret, ...view } = row;
  return view;
}
