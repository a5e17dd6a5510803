import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openTestDatabase, type Db } from "@/db/client";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { deriveSecretBoxKey } from "@/lib/sso/secret-box";
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from "./attempt-delivery";
import { createWebhookEndpoint, type CreateWebhookEndpointInput } from "./create-webhook-endpoint";
import { deliverDueWebhooks } from "./deliver-due-webhooks";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { sendTestWebhook } from "./send-test-webhook";
import { setWebhookEndpointEnabled } from "./set-webhook-endpoint-enabled";
import { startTestReceiver, type TestReceiver } from "./test-support";
import { SIGNATURE_HEADERS, verifyWebhookSignature } from "./webhook-signature";

const KEY = deriveSecretBoxKey("webhook test secret");
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const ctx = { secretBoxKey: KEY, timeoutMs: 5_000, publicOrigin: "https://admin.example.com" };

let db: Db;
let receiver: TestReceiver;
beforeEach(async () => {
  db = await openTestDatabase();
  receiver = await startTestReceiver();
});
afterEach(async () => {
  await receiver.close();
  await closeDatabase(db);
});

async function endpoint(input: Partial<CreateWebhookEndpointInput> = {}) {
  return createWebhookEndpoint(db, { url: receiver.url, events: ["di.turned-off", "token.expiring"], ...input }, "admin@example.com", {
    secretBoxKey: KEY,
    now: T0,
  });
}

const alert = async (key = "di.turned-off:1") =>
  raiseAlert(db, { event: "di.turned-off", key, summary: "Directory Integration was turned off by ada@example.com.", link: "/security/directory" }, T0);

describe("deliverDueWebhooks", () => {
  it("signs each delivery: the signature verifies with the endpoint's secret and not with another, nor past 5 minutes", async () => {
    const { secret, endpoint: e } = await endpoint();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await alert();
    expect(await deliverDueWebhooks(db, { ...ctx, now: T0 })).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const timestamp = request!.headers[SIGNATURE_HEADERS.timestamp] as string;
    const signature = request!.headers[SIGNATURE_HEADERS.signature] as string;
    expect(timestamp).toBe(String(T0 / 1000));
    expect(request!.headers[SIGNATURE_HEADERS.event]).toBe("di.turned-off");
    expect(request!.headers["content-type"]).toBe("application/json");
    const body = request!.body;
    const nowSeconds = T0 / 1000 + 60;
    expect(verifyWebhookSignature(secret, { timestamp, signature, body }, nowSeconds)).toBe(true);
    expect(verifyWebhookSignature(`${secret}x`, { timestamp, signature, body }, nowSeconds)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp, signature, body: `${body} ` }, nowSeconds)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp, signature, body }, T0 / 1000 + 301)).toBe(false);

    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({
      id: request!.headers[SIGNATURE_HEADERS.delivery],
      event: "di.turned-off",
      alert: { key: "di.turned-off:1", summary: "Directory Integration was turned off by ada@example.com.", link: "https://admin.example.com/security/directory", raisedAt: "2026-12-02T09:00:00.000Z" },
    });
    const [delivery] = await listWebhookDeliveries(db, e.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, finishedAt: T0, nextAttemptAt: null });
    expect(delivery!.attemptLog).toMatchObject([{ at: T0, httpStatus: 200, responseExcerpt: "ok", error: null }]);
  });

  it("retries a 500 with back-off, then delivers the 200, logging each attempt", async () => {
    const { endpoint: e } = await endpoint();
    await alert();
    receiver.reply({ status: 500, body: "database down" }, { status: 200, body: "thanks" });
    expect(await deliverDueWebhooks(db, { ...ctx, now: T0 })).toEqual({ attempted: 1, delivered: 0, failed: 0 });
    expect((await listWebhookDeliveries(db, e.id))[0]).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: T0 + 30_000 });
    // Not due before its back-off has passed.
    expect(await deliverDueWebhooks(db, { ...ctx, now: T0 + 29_999 })).toMatchObject({ attempted: 0 });
    expect(await deliverDueWebhooks(db, { ...ctx, now: T0 + 30_000 })).toEqual({ attempted: 1, delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    // The same body both times (the receiver can drop a duplicate by id); each attempt signed anew.
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(receiver.received[1]!.headers[SIGNATURE_HEADERS.timestamp]).toBe(String((T0 + 30_000) / 1000));
    const [delivery] = await listWebhookDeliveries(db, e.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2, finishedAt: T0 + 30_000 });
    expect(delivery!.attemptLog.map((a) => [a.at, a.httpStatus, a.responseExcerpt])).toEqual([
      [T0, 500, "database down"],
      [T0 + 30_000, 200, "thanks"],
    ]);
  });

  it("gives up after the last back-off (30 s, 2 min, 10 min, 1 h, 6 h): failed after six attempts", async () => {
    const { endpoint: e } = await endpoint();
    await alert();
    receiver.reply(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 503 })));
    let now = T0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const step = await deliverDueWebhooks(db, { ...ctx, now });
      expect(step).toEqual({ attempted: 1, delivered: 0, failed: attempt === MAX_ATTEMPTS ? 1 : 0 });
      if (attempt < MAX_ATTEMPTS) now += RETRY_DELAYS_MS[attempt - 1]!;
    }
    expect(now - T0).toBe(30_000 + 120_000 + 600_000 + 3_600_000 + 21_600_000);
    expect(await deliverDueWebhooks(db, { ...ctx, now: now + 86_400_000 })).toMatchObject({ attempted: 0 });
    const [delivery] = await listWebhookDeliveries(db, e.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 6, nextAttemptAt: null, finishedAt: now });
    expect(delivery!.attemptLog.map((a) => a.httpStatus)).toEqual([503, 503, 503, 503, 503, 503]);
  });

  it("abandons a receiver that does not answer within the timeout, and retries later", async () => {
    const { endpoint: e } = await endpoint();
    await alert();
    receiver.reply("hang");
    expect(await deliverDueWebhooks(db, { ...ctx, timeoutMs: 300, now: T0 })).toMatchObject({ attempted: 1, delivered: 0 });
    const [delivery] = await listWebhookDeliveries(db, e.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: T0 + 30_000 });
    expect(delivery!.attemptLog[0]).toMatchObject({ httpStatus: null, error: "No response within 0.3 s: the request was abandoned." });
  });

  it("does not follow a redirect: the attempt fails and names where it pointed", async () => {
    const { endpoint: e } = await endpoint();
    await alert();
    receiver.reply({ status: 302, headers: { location: "https://elsewhere.example/x" } });
    await deliverDueWebhooks(db, { ...ctx, now: T0 });
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await listWebhookDeliveries(db, e.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery!.attemptLog[0]!.httpStatus).toBe(302);
    expect(delivery!.attemptLog[0]!.error).toContain("redirect (302 to https://elsewhere.example/x), which is not followed");
  });

  it("records a receiver that cannot be reached", async () => {
    const { endpoint: e } = await endpoint();
    await receiver.close();
    await alert();
    await deliverDueWebhooks(db, { ...ctx, now: T0 });
    expect((await listWebhookDeliveries(db, e.id))[0]!.attemptLog[0]!.error).toMatch(/^Could not reach the receiver \(ECONNREFUSED/);
    receiver = await startTestReceiver();
  });

  it("renders the Slack format as text and section blocks", async () => {
    const { endpoint: e } = await endpoint({ format: "slack" });
    await raiseAlert(db, { event: "token.expiring", key: "token.expiring:t1", summary: "SCIM token 'Okta <prod>' expires in 3 days.", link: "/security/tokens" }, T0);
    await deliverDueWebhooks(db, { ...ctx, now: T0 });
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body).toEqual({
      text: "SCIM token expiring: SCIM token 'Okta <prod>' expires in 3 days.",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "*SCIM token expiring*\nSCIM token 'Okta &lt;prod&gt;' expires in 3 days." } },
        { type: "section", text: { type: "mrkdwn", text: "<https://admin.example.com/security/tokens|Open in the Admin Center>" } },
      ],
    });
    expect((await listWebhookDeliveries(db, e.id))[0]!.status).toBe("delivered");
  });

  it("sends only the events an endpoint chose, and nothing while it is disabled", async () => {
    const { endpoint: e } = await endpoint({ events: ["token.expiring"] });
    await alert("di.turned-off:2");
    expect(await db.rows("SELECT id FROM webhook_deliveries")).toHaveLength(0);
    await raiseAlert(db, { event: "token.expiring", key: "token.expiring:t1", summary: "s" }, T0);
    await setWebhookEndpointEnabled(db, { id: e.id, enabled: false }, "admin@example.com", T0);
    await raiseAlert(db, { event: "token.expiring", key: "token.expiring:t2", summary: "s" }, T0);
    expect(await deliverDueWebhooks(db, { ...ctx, now: T0 })).toMatchObject({ attempted: 0 });
    await setWebhookEndpointEnabled(db, { id: e.id, enabled: true }, "admin@example.com", T0);
    // The pending one waited; the alert raised while disabled was never queued for it.
    expect(await deliverDueWebhooks(db, { ...ctx, now: T0 + 1 })).toMatchObject({ attempted: 1, delivered: 1 });
    expect(JSON.parse(receiver.received[0]!.body).alert.key).toBe("token.expiring:t1");
  });

  it("records an endpoint whose secret the server can no longer decrypt", async () => {
    const { endpoint: e } = await endpoint();
    await alert();
    await deliverDueWebhooks(db, { ...ctx, secretBoxKey: deriveSecretBoxKey("another server"), now: T0 });
    expect(receiver.received).toHaveLength(0);
    expect((await listWebhookDeliveries(db, e.id))[0]!.attemptLog[0]!.error).toContain("signing secret cannot be decrypted");
  });
});

describe("sendTestWebhook", () => {
  it("delivers a test event at once and logs the receiver's answer", async () => {
    const { endpoint: e, secret } = await endpoint();
    receiver.reply({ status: 204 });
    const delivery = await sendTestWebhook(db, { ...ctx, endpointId: e.id, now: T0 }, "admin@example.com");
    expect(delivery).toMatchObject({ event: "webhook.test", status: "delivered", attempts: 1 });
    expect(delivery.attemptLog).toMatchObject([{ httpStatus: 204, responseExcerpt: "" }]);
    const [request] = receiver.received;
    expect(request!.headers[SIGNATURE_HEADERS.event]).toBe("webhook.test");
    expect(
      verifyWebhookSignature(
        secret,
        { timestamp: request!.headers[SIGNATURE_HEADERS.timestamp] as string, signature: request!.headers[SIGNATURE_HEADERS.signature] as string, body: request!.body },
        T0 / 1000,
      ),
    ).toBe(true);
    // The worker does not send it again.
    expect(await deliverDueWebhooks(db, { ...ctx, now: T0 + 600_000 })).toMatchObject({ attempted: 0 });
  });

  it("fails a test in one attempt, with the answer kept", async () => {
    const { endpoint: e } = await endpoint();
    receiver.reply({ status: 401, body: "bad signature" });
    const delivery = await sendTestWebhook(db, { ...ctx, endpointId: e.id, now: T0 }, "admin@example.com");
    expect(delivery).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: null });
    expect(delivery.attemptLog[0]).toMatchObject({ httpStatus: 401, responseExcerpt: "bad signature" });
  });
});
