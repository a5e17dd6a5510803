import { afterEach, describe, expect, it, vi } from "vitest";
import { openTestDatabase } from "@/db/client";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { deriveSecretBoxKey } from "@/lib/sso/secret-box";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { startTestReceiver, type TestReceiver } from "@/lib/webhooks/test-support";
import { startWebhookWorker } from "./webhook-worker";

let receiver: TestReceiver | undefined;
let stop: (() => void) | undefined;
afterEach(async () => {
  stop?.();
  await receiver?.close();
});

describe("startWebhookWorker", () => {
  it("sends a raised alert's delivery without being asked, with links from PUBLIC_URL", async () => {
    const db = await openTestDatabase();
    const key = deriveSecretBoxKey("worker test");
    receiver = await startTestReceiver();
    const { endpoint } = await createWebhookEndpoint(db, { url: receiver.url, events: ["token.unused"] }, "a", { secretBoxKey: key, now: Date.now() });
    stop = startWebhookWorker(db, { secretBoxKey: key, publicOrigin: "https://admin.example.com", intervalMs: 20 });
    await raiseAlert(db, { event: "token.unused", key: "token.unused:t", summary: "unused", link: "/security/tokens" }, Date.now());
    await vi.waitFor(async () => expect((await listWebhookDeliveries(db, endpoint.id))[0]?.status).toBe("delivered"));
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body).alert.link).toBe("https://admin.example.com/security/tokens");
  });
});
