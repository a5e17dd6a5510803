/**
 * The webhook delivery worker (issue 14 §4): every few seconds, sends the deliveries that are
 * due (lib/webhooks/deliver-due-webhooks.ts). One step at a time: a step waits for its
 * slowest receiver (the 10 s timeout at most) before the next one starts. With several
 * instances on one PostgreSQL database, one of them runs a step at a time (an advisory lock),
 * so no delivery is sent twice.
 */
import { runExclusively, type Db } from "@/db/client";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver-due-webhooks";
import type { SecretBoxKey } from "@/lib/sso/secret-box";

/** The shortest back-off is 30 s: a 5 s tick sends a retry at most 5 s late. */
export const WEBHOOK_WORKER_INTERVAL_MS = 5_000;
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookWorkerOptions {
  secretBoxKey: SecretBoxKey;
  publicOrigin?: string | null;
  intervalMs?: number;
  timeoutMs?: number;
  clock?: () => number;
  fetch?: typeof fetch;
}

export function startWebhookWorker(db: Db, options: WebhookWorkerOptions): () => void {
  const { secretBoxKey, publicOrigin = null, intervalMs = WEBHOOK_WORKER_INTERVAL_MS, timeoutMs = WEBHOOK_TIMEOUT_MS, clock = Date.now } = options;
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await runExclusively(db, "webhook-deliveries", async () => {
        const step = await deliverDueWebhooks(db, { now: clock(), secretBoxKey, publicOrigin, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
        if (step.failed > 0) console.error(`Webhooks: ${step.failed} deliver${step.failed === 1 ? "y" : "ies"} failed after the last retry (see Security & Controls › Webhooks).`);
      });
    } catch (error) {
      console.error("Webhook delivery step failed (will retry next tick):", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
