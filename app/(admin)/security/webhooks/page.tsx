import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";
import { WebhooksScreen } from "./_components/webhooks-screen";

export const metadata: Metadata = { title: "Webhooks · Security & Controls" };

/** Deliveries shown per endpoint; `webhooks deliveries <id>` lists more. */
const DELIVERIES_PER_ENDPOINT = 20;

export default async function SecurityWebhooksPage() {
  const { db } = await adminContext();
  const endpoints = await listWebhookEndpoints(db);
  const deliveries = Object.fromEntries(
    await Promise.all(endpoints.map(async (e) => [e.id, await listWebhookDeliveries(db, e.id, { limit: DELIVERIES_PER_ENDPOINT })] as const)),
  );
  return <WebhooksScreen endpoints={endpoints} deliveries={deliveries} />;
}
