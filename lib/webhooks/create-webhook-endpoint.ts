import { randomBytes } from "node:crypto";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { ALERT_EVENTS, WEBHOOK_FORMATS, type WebhookEndpoint } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { parseInput } from "@/lib/parse-input";
import { sealSecret, type SecretBoxKey } from "@/lib/sso/secret-box";
import { webhookUrlSchema } from "./webhook-url";
import { toEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";

/** Enough for a team channel, an on-call tool and a SIEM or two; more is usually a loop of copies. */
export const MAX_WEBHOOK_ENDPOINTS = 10;
export const WEBHOOK_SECRET_PREFIX = "whsec_";

export const createWebhookEndpointSchema = z.object({
  url: webhookUrlSchema,
  description: z
    .string()
    .trim()
    .max(200, "the description must be at most 200 characters")
    .optional(),
  events: z
    .array(z.enum(ALERT_EVENTS, { error: `events are ${ALERT_EVENTS.join(", ")}` }), { error: "choose at least one event" })
    .min(1, "choose at least one event")
    .transform((events) => ALERT_EVENTS.filter((e) => events.includes(e))),
  format: z.enum(WEBHOOK_FORMATS, { error: "the format is json or slack" }).default("json"),
});

export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpointView;
  /** The signing secret, returned this once (stored sealed, shown nowhere again). */
  secret: string;
}

const INSERT_ENDPOINT = `INSERT INTO webhook_endpoints
  (id, url, description, events, format, secret_enc, enabled, created_at, created_by, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Adds an endpoint with a new signing secret (issue 14 §4). */
export async function createWebhookEndpoint(
  db: Db,
  input: CreateWebhookEndpointInput,
  actor: string,
  { secretBoxKey, now }: { secretBoxKey: SecretBoxKey; now: number },
): Promise<CreatedWebhookEndpoint> {
  const parsed = parseInput(createWebhookEndpointSchema, input);
  const secret = WEBHOOK_SECRET_PREFIX + randomBytes(32).toString("base64url");
  // Sealing is async, the transaction is not: seal first, then check and insert in one step.
  const secretEnc = await sealSecret(secret, secretBoxKey);
  return inTransaction(db, async (tx) => {
    const { count } = (await tx.row<{ count: number }>("SELECT count(*) AS count FROM webhook_endpoints"))!;
    if (count >= MAX_WEBHOOK_ENDPOINTS) {
      throw new AppError("conflict", `${count} webhook endpoints exist, the most allowed: remove one first (\`webhooks remove <id>\`).`);
    }
    const row: WebhookEndpoint = {
      id: newId(),
      url: parsed.url,
      description: parsed.description || null,
      events: parsed.events,
      format: parsed.format,
      secretEnc,
      enabled: true,
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
    };
    await tx.execute(
      INSERT_ENDPOINT,
      row.id,
      row.url,
      row.description,
      JSON.stringify(row.events),
      row.format,
      row.secretEnc,
      1,
      row.createdAt,
      row.createdBy,
      row.updatedAt,
    );
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "webhook.added",
      toValue: parsed.url,
      details: { endpointId: row.id, events: parsed.events, format: parsed.format },
    });
    return { endpoint: toEndpointView(row), secret };
  });
}
