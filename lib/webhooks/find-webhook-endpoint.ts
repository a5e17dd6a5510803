import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** A whole webhook_endpoints row, keyed as WebhookEndpoint; `endpoints$.map` converts its events and flag. */
export const endpoints$ = columnsOf(webhookEndpoints);
const FIND_ENDPOINT = `SELECT ${endpoints$.list} FROM webhook_endpoints WHERE id = ?`;

export async function requireEndpoint(db: Db, id: string): Promise<WebhookEndpoint> {
  const row = endpoints$.mapOptional(await db.row(FIND_ENDPOINT, id));
  if (!row) throw new AppError("not_found", `No webhook endpoint has the id ${id}: \`webhooks list\` shows them.`);
  return row;
}
