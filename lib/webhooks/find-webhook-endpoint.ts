import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { AppError } from "@/lib/errors";

export function requireEndpoint(db: Db, id: string): WebhookEndpoint {
  const row = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
  if (!row) throw new AppError("not_found", `No webhook endpoint has the id ${id}: \`webhooks list\` shows them.`);
  return row;
}

