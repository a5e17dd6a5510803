import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signIn } from "../support/admin";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { snapshotDialog } from "./dialog-snapshot";

/** A receiver the spec starts on this machine: what the server POSTs reaches it over real HTTP. */
let server: Server;
let url: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("received by the e2e receiver");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("an endpoint is added with its secret shown once, a test is delivered signed, then it is disabled and removed", async ({ page }) => {
  await signIn(page, "/security/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 2 })).toBeVisible();

  await page.getByRole("button", { name: "Add endpoint" }).click();
  const form = page.getByRole("dialog", { name: "Add a webhook endpoint" });
  // Checked before anything is sent: plain http to another machine is refused in words.
  await form.getByLabel("URL", { exact: true }).fill("http://hooks.example.com/x");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(form.getByLabel("URL", { exact: true })).toHaveAccessibleDescription(/Use https:\/\/ for a receiver on another machine/);
  await form.getByLabel("URL", { exact: true }).fill(url);
  await expect(form.getByLabel("URL", { exact: true })).not.toHaveAccessibleDescription(/Use https:\/\//);
  await form.getByLabel("Description (optional)").fill("E2E receiver");
  await form.getByRole("checkbox", { name: /SAML certificate expiring/ }).uncheck();
  await snapshotDialog(page, "security-webhook-form");
  await form.getByRole("button", { name: "Add endpoint" }).click();

  const shown = page.getByRole("dialog", { name: "Endpoint added" });
  const field = shown.getByRole("textbox", { name: "Signing secret" });
  await expect(field).toHaveValue(/^whsec_[A-Za-z0-9_-]{43}$/);
  const secret = await field.inputValue();
  await expect(shown).toContainText("This secret cannot be shown again.");
  await snapshotDialog(page, "security-webhook-secret-shown-once");
  await shown.getByRole("button", { name: "Done, I have copied it" }).click();
  await expect(shown).toBeHidden();
  await expect(page.locator("body")).not.toContainText(secret);

  const card = page.locator("section", { has: page.locator(`[data-endpoint="${url}"]`) });
  await expect(card).toContainText("Enabled");
  await expect(card).toContainText("E2E receiver");
  await expect(card).toContainText("No deliveries yet");
  await expect(card).not.toContainText("SAML certificate expiring");

  await card.getByRole("button", { name: "Send test" }).click();
  await expect(card.getByRole("status")).toHaveText("Test delivered: the receiver answered HTTP 200.");
  const row = card.locator('tr[data-delivery="webhook.test"]');
  await expect(row).toContainText("Delivered");
  await expect(row).toContainText("HTTP 200: received by the e2e receiver");

  // What the receiver got verifies with the secret shown once, as the README's recipe does.
  expect(received).toHaveLength(1);
  const [request] = received;
  const timestamp = request!.headers["x-admin-center-timestamp"] as string;
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  expect(request!.headers["x-admin-center-event"]).toBe("webhook.test");
  expect(request!.headers["x-admin-center-signature"]).toBe(createHmac("sha256", secret).update(`${timestamp}.${request!.body}`).digest("hex"));
  expect(JSON.parse(request!.body)).toMatchObject({ event: "webhook.test", alert: { summary: expect.stringContaining("Test delivery sent by ada@acme.example") } });

  await row.getByRole("button", { name: /1 attempt/ }).click();
  await expect(card).toContainText("Attempt 1");
  await snapshot(page, "security-webhooks");

  await card.getByRole("button", { name: "Disable" }).click();
  const disable = page.getByRole("alertdialog", { name: `Disable ${url}?` });
  await disable.getByRole("button", { name: "Disable endpoint" }).click();
  await expect(disable).toBeHidden();
  await expect(card).toContainText("Disabled");

  await card.getByRole("button", { name: "Remove" }).click();
  const remove = page.getByRole("alertdialog", { name: `Remove ${url}?` });
  await remove.getByRole("button", { name: "Remove endpoint" }).click();
  await expect(page.getByText(`Endpoint ${url} removed.`)).toBeVisible();
  await expect(page.locator(`[data-endpoint="${url}"]`)).toHaveCount(0);
});
