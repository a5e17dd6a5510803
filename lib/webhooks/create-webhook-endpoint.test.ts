import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { deriveSecretBoxKey, openSecret } from "@/lib/sso/secret-box";
import { createWebhookEndpoint, MAX_WEBHOOK_ENDPOINTS } from "./create-webhook-endpoint";
import { endpoints$ } from "./find-webhook-endpoint";
import { listWebhookEndpoints } from "./list-webhook-endpoints";
import { removeWebhookEndpoint } from "./remove-webhook-endpoint";
import { webhookUrlProblem } from "./webhook-url";

const KEY = deriveSecretBoxKey("endpoint test secret");
const options = { secretBoxKey: KEY, now: 1_000 };
const activity$ = columnsOf(activity);

describe("webhookUrlProblem", () => {
  it.each([
    ["https://hooks.example.com/x", null],
    ["http://localhost:8080/x", null],
    ["http://127.0.0.1:9/x", null],
    ["http://[::1]:9/x", null],
    ["http://hooks.example.com/x", "Use https:// for a receiver on another machine"],
    ["ftp://hooks.example.com/x", "The URL must start with https:// (not ftp://)"],
    ["https://user:pass@hooks.example.com/x", "Leave credentials out of the URL"],
    ["https://hooks.example.com/x#frag", "Leave out the #fragment"],
    ["hooks.example.com", "Enter the receiver's full URL"],
  ])("%s", (url, problem) => {
    const found = webhookUrlProblem(url);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe("createWebhookEndpoint", () => {
  it("stores the secret sealed, returns it once, and logs the change", async () => {
    const db = await openTestDatabase();
    const created = await createWebhookEndpoint(
      db,
      { url: " https://hooks.example.com/a ", events: ["token.unused", "breaker.tripped", "token.unused"], format: "slack", description: "On-call" },
      "admin@example.com",
      options,
    );
    expect(created.endpoint).toMatchObject({ url: "https://hooks.example.com/a", events: ["breaker.tripped", "token.unused"], format: "slack", description: "On-call", enabled: true });
    expect(created.endpoint).not.toHaveProperty("secretEnc");
    const row = endpoints$.map((await db.row(`SELECT ${endpoints$.list} FROM webhook_endpoints`))!);
    expect(row.secretEnc).not.toContain(created.secret);
    expect(await openSecret(row.secretEnc, KEY)).toBe(created.secret);
    expect(JSON.stringify(await listWebhookEndpoints(db))).not.toContain(created.secret);
    expect((await db.rows(`SELECT ${activity$.list} FROM activity`)).map(activity$.map)).toMatchObject([{ action: "webhook.added", actor: "admin@example.com", toValue: "https://hooks.example.com/a" }]);
  });

  it("refuses a bad URL, no events, an unknown event, with the field named", async () => {
    const db = await openTestDatabase();
    await expect(createWebhookEndpoint(db, { url: "http://hooks.example.com", events: ["token.unused"] }, "a", options)).rejects.toMatchObject({
      code: "invalid",
      details: { fields: { url: [expect.stringContaining("Use https://")] } },
    });
    await expect(createWebhookEndpoint(db, { url: "https://h.example", events: [] }, "a", options)).rejects.toThrow("choose at least one event");
    await expect(createWebhookEndpoint(db, { url: "https://h.example", events: ["user.created" as never] }, "a", options)).rejects.toThrow("events are breaker.tripped");
    expect(await db.rows("SELECT id FROM webhook_endpoints")).toEqual([]);
  });

  it(`allows ${MAX_WEBHOOK_ENDPOINTS} endpoints, then asks to remove one`, async () => {
    const db = await openTestDatabase();
    for (let i = 0; i < MAX_WEBHOOK_ENDPOINTS; i++) await createWebhookEndpoint(db, { url: `https://h${i}.example`, events: ["token.unused"] }, "a", options);
    await expect(createWebhookEndpoint(db, { url: "https://h.example", events: ["token.unused"] }, "a", options)).rejects.toThrow("remove one first");
  });

  it("removes an endpoint with its deliveries", async () => {
    const db = await openTestDatabase();
    const { endpoint } = await createWebhookEndpoint(db, { url: "https://h.example", events: ["token.unused"] }, "a", options);
    await raiseAlert(db, { event: "token.unused", key: "token.unused:x", summary: "s" }, 5);
    expect((await listWebhookEndpoints(db))[0]!.deliveries).toEqual({ pending: 1, delivered: 0, failed: 0 });
    await removeWebhookEndpoint(db, endpoint.id, "a", 6);
    expect(await db.rows("SELECT id FROM webhook_deliveries")).toEqual([]);
    await expect(removeWebhookEndpoint(db, endpoint.id, "a", 7)).rejects.toThrow("No webhook endpoint has the id");
  });
});
