/** `webhooks …` through the real CLI program, on its own database file, against a real local receiver. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { webhookAttempts } from "@/db/schema";
import { deriveSecretBoxKey } from "@/lib/sso/secret-box";
import { startTestReceiver, type TestReceiver } from "@/lib/webhooks/test-support";
import { SIGNATURE_HEADERS, verifyWebhookSignature } from "@/lib/webhooks/webhook-signature";
import type { CliContext } from "../context";
import { runCli } from "../program";

let receiver: TestReceiver;
let db: Db;
let dir: string;
beforeEach(async () => {
  receiver = await startTestReceiver();
  dir = mkdtempSync(join(tmpdir(), "webhooks-cli-"));
  db = await openDatabase(join(dir, "admin-center.db"), { migrate: true });
});
afterEach(async () => {
  await receiver.close();
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

function cliWith(withKey = true) {
  const context: CliContext = {
    db: async () => db,
    dnsServers: () => undefined,
    readPassword: () => Promise.reject(new Error("no password here")),
    sessionIdleMs: () => 30 * 60_000,
    ...(withKey ? { secretBoxKey: () => deriveSecretBoxKey("cli webhook secret") } : {}),
    publicOrigin: () => "https://admin.acme.example",
  };
  return async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await runCli(["node", "admin", ...args], context, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    return { code, stdout, stderr };
  };
}

describe("webhooks", () => {
  it("adds an endpoint, prints its secret once, lists it without it, tests it and shows the delivery", async () => {
    const cli = cliWith();
    const added = await cli("webhooks", "add", receiver.url, "--events", "all", "--format", "slack", "--description", "#it-alerts");
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const secret = added.stdout.trim().split("\n").at(-1)!;
    expect(secret).toMatch(/^whsec_/);
    expect(added.stdout).toMatch(/^Added webhook endpoint http:\/\/127\.0\.0\.1:\d+\/hooks \(id [0-9a-f-]+, slack\) for breaker\.tripped, adoption\.waiting/);

    const list = await cli("webhooks", "list", "--json");
    const [endpoint] = JSON.parse(list.stdout) as { id: string; events: string[]; description: string }[];
    expect(endpoint).toMatchObject({ description: "#it-alerts", format: "slack", enabled: true });
    expect(endpoint!.events).toHaveLength(7);
    expect(list.stdout).not.toContain(secret);
    expect((await cli("webhooks", "list")).stdout).not.toContain(secret);

    receiver.reply({ status: 200, body: "ok from receiver" });
    const tested = await cli("webhooks", "test", endpoint!.id);
    expect(tested).toMatchObject({ code: 0, stderr: "" });
    expect(tested.stdout).toMatch(/^Test delivered \(200 ok from receiver\), delivery /);
    const [request] = receiver.received;
    expect(JSON.parse(request!.body).text).toMatch(/^Test delivery: Test delivery sent by operator \(CLI\)/);
    expect(
      verifyWebhookSignature(
        secret,
        { timestamp: request!.headers[SIGNATURE_HEADERS.timestamp] as string, signature: request!.headers[SIGNATURE_HEADERS.signature] as string, body: request!.body },
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);

    const deliveries = JSON.parse((await cli("webhooks", "deliveries", endpoint!.id, "--json")).stdout);
    expect(deliveries).toMatchObject([{ event: "webhook.test", status: "delivered", attempts: 1, attemptLog: [{ httpStatus: 200, responseExcerpt: "ok from receiver" }] }]);
    expect(typeof deliveries[0].createdAt).toBe("string"); // ISO in --json
    expect((await cli("webhooks", "deliveries", endpoint!.id)).stdout).toMatch(/Test delivery\s+delivered\s+1/);
  });

  it("fails a test the receiver refuses, with its answer, and logs the attempt", async () => {
    const cli = cliWith();
    const added = JSON.parse((await cli("webhooks", "add", receiver.url, "--events", "token.unused", "--json")).stdout);
    receiver.reply({ status: 401, body: "signature mismatch" });
    const tested = await cli("webhooks", "test", added.endpoint.id);
    expect(tested).toMatchObject({ code: 1, stdout: "" });
    expect(tested.stderr).toMatch(/^error: the test delivery failed: 401 signature mismatch/);
    expect(await db.rows(`SELECT ${columnsOf(webhookAttempts).list} FROM webhook_attempts`)).toMatchObject([{ httpStatus: 401, responseExcerpt: "signature mismatch" }]);
  });

  it("refuses a bad URL or event in words, and --json gives the error document", async () => {
    const cli = cliWith();
    expect(await cli("webhooks", "add", "http://hooks.example.com/x", "--events", "all")).toMatchObject({
      code: 1,
      stdout: "",
      stderr: expect.stringContaining("Use https:// for a receiver on another machine"),
    });
    const bad = await cli("webhooks", "add", "https://hooks.example.com/x", "--events", "token.unused,user.created", "--json");
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: "invalid", message: expect.stringContaining("events are breaker.tripped") });
    expect(await cliWith(false)("webhooks", "add", receiver.url, "--events", "all")).toMatchObject({ code: 1, stderr: expect.stringContaining("without the server's secret") });
  });

  it("disables, enables and removes an endpoint, each in the activity log", async () => {
    const cli = cliWith();
    const { endpoint } = JSON.parse((await cli("webhooks", "add", receiver.url, "--events", "di.turned-off", "--json")).stdout);
    expect((await cli("webhooks", "disable", endpoint.id)).stdout).toBe(`Webhook endpoint ${receiver.url} is disabled.\n`);
    expect(JSON.parse((await cli("webhooks", "enable", endpoint.id, "--json")).stdout)).toMatchObject({ enabled: true });
    expect((await cli("webhooks", "remove", endpoint.id)).stdout).toContain("Removed webhook endpoint");
    expect((await cli("webhooks", "list")).stdout).toContain("No webhook endpoints yet");
    expect(await cli("webhooks", "remove", endpoint.id)).toMatchObject({ code: 1, stderr: expect.stringContaining("No webhook endpoint has the id") });
    expect((await db.rows<{ action: string }>("SELECT action FROM activity")).map((a) => a.action)).toEqual(["webhook.added", "webhook.disabled", "webhook.enabled", "webhook.removed"]);
  });
});
