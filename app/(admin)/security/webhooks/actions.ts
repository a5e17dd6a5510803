"use server";

/** Security & Controls › Webhooks writes: each adminAction is session, zod, one lib call. */
import { z } from "zod";
import { adminAction } from "@/app/_server/admin-action";
import { publicOrigin } from "@/app/_server/origin";
import { createWebhookEndpoint, createWebhookEndpointSchema } from "@/lib/webhooks/create-webhook-endpoint";
import { removeWebhookEndpoint } from "@/lib/webhooks/remove-webhook-endpoint";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";
import { setWebhookEndpointEnabled } from "@/lib/webhooks/set-webhook-endpoint-enabled";
import { resolveSecretBoxKey } from "@/server/auth-secret";
import { WEBHOOK_TIMEOUT_MS } from "@/server/webhook-worker";

const endpointId = z.object({ id: z.string().min(1, "which endpoint?") });

/** The only response that ever carries the signing secret (shown once, like a SCIM token). */
export const createWebhookEndpointAction = adminAction(
  createWebhookEndpointSchema,
  async (input, { db, actor }) => createWebhookEndpoint(db, input, actor, { secretBoxKey: resolveSecretBoxKey(), now: Date.now() }),
  { failure: "Adding the endpoint" },
);

export const sendTestWebhookAction = adminAction(
  endpointId,
  async ({ id }, { db, actor }) =>
    sendTestWebhook(db, { endpointId: id, now: Date.now(), secretBoxKey: resolveSecretBoxKey(), timeoutMs: WEBHOOK_TIMEOUT_MS, publicOrigin: await publicOrigin() }, actor),
  { failure: "Sending the test" },
);

export const setWebhookEndpointEnabledAction = adminAction(
  endpointId.extend({ enabled: z.boolean() }),
  async (input, { db, actor }) => setWebhookEndpointEnabled(db, input, actor, Date.now()),
  { failure: "Changing the endpoint" },
);

export const removeWebhookEndpointAction = adminAction(endpointId, async ({ id }, { db, actor }) => removeWebhookEndpoint(db, id, actor, Date.now()), {
  failure: "Removing the endpoint",
});
