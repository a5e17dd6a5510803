import type { Command } from "commander";
import { ALERT_EVENTS } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createWebhookEndpoint, type CreateWebhookEndpointInput } from "@/lib/webhooks/create-webhook-endpoint";
import { EVENT_TITLES } from "@/lib/webhooks/event-titles";
import { listWebhookDeliveries, type WebhookDeliveryView } from "@/lib/webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";
import { removeWebhookEndpoint } from "@/lib/webhooks/remove-webhook-endpoint";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";
import { setWebhookEndpointEnabled } from "@/lib/webhooks/set-webhook-endpoint-enabled";
import { ACTOR, type CliContext } from "../context";
import { run, showTime, table } from "../output";

/** The same request timeout as the server's worker (server/webhook-worker.ts). */
const TIMEOUT_MS = 10_000;

function secretBoxKey(context: CliContext) {
  if (!context.secretBoxKey) throw new AppError("unavailable", "this CLI was started without the server's secret (AUTH_SECRET or data/auth-secret)");
  return context.secretBoxKey();
}

/** `a,b` or `all`; lib's schema judges the names. */
function parseEvents(raw: string): string[] {
  const list = raw.split(",").map((e) => e.trim()).filter((e) => e !== "");
  return list.length === 1 && list[0] === "all" ? [...ALERT_EVENTS] : list;
}

function lastAnswer(d: WebhookDeliveryView): string {
  const last = d.attemptLog.at(-1);
  if (!last) return "-";
  return last.error ?? `${last.httpStatus} ${(last.responseExcerpt ?? "").replace(/\s+/g, " ").slice(0, 60)}`.trim();
}

export function registerWebhookCommands(program: Command, context: CliContext): void {
  const webhooks = program.command("webhooks").description("outbound webhooks: where alerts are sent (README: Alerts and webhooks)");

  webhooks
    .command("add")
    .description("add an endpoint; prints its signing secret this once")
    .argument("<url>", "the receiver, https:// (http:// only for localhost)")
    .requiredOption("--events <events>", `comma-separated events, or all: ${ALERT_EVENTS.join(", ")}`)
    .option("--format <format>", "json (default) or slack (a Slack incoming webhook's text and blocks)")
    .option("--description <text>", "what it is for, e.g. #it-alerts")
    .action(
      run(async ([url], options) => {
        const created = await createWebhookEndpoint(
          (await context.db()),
          {
            url: url ?? "",
            events: parseEvents(options.events as string) as CreateWebhookEndpointInput["events"],
            ...(options.format === undefined ? {} : { format: options.format as CreateWebhookEndpointInput["format"] }),
            ...(options.description === undefined ? {} : { description: options.description as string }),
          },
          ACTOR,
          { secretBoxKey: secretBoxKey(context), now: Date.now() },
        );
        return {
          json: created,
          text: [
            `Added webhook endpoint ${created.endpoint.url} (id ${created.endpoint.id}, ${created.endpoint.format}) for ${created.endpoint.events.join(", ")}.`,
            "Its signing secret, to verify each delivery's X-Admin-Center-Signature; copy it now, it is not shown again:",
            created.secret,
          ].join("\n"),
        };
      }),
    );

  webhooks
    .command("list")
    .description("list the endpoints and how their deliveries stand (never the secrets)")
    .action(
      run(async () => {
        const found = await listWebhookEndpoints((await context.db()));
        return {
          json: found,
          text:
            found.length === 0
              ? "No webhook endpoints yet: add one with `webhooks add <url> --events all`"
              : table(
                  ["ID", "URL", "FORMAT", "ENABLED", "EVENTS", "DELIVERED", "PENDING", "FAILED", "LAST"],
                  found.map((e) => [
                    e.id,
                    e.url,
                    e.format,
                    e.enabled ? "yes" : "no",
                    e.events.length === ALERT_EVENTS.length ? "all" : e.events.join(","),
                    String(e.deliveries.delivered),
                    String(e.deliveries.pending),
                    String(e.deliveries.failed),
                    showTime(e.lastDeliveryAt),
                  ]),
                ),
        };
      }),
    );

  webhooks
    .command("test")
    .description("send a test event to the endpoint now and print the receiver's answer")
    .argument("<id>", "endpoint id (see `webhooks list`)")
    .action(
      run(async ([id]) => {
        const delivery = await sendTestWebhook(
          (await context.db()),
          { endpointId: id ?? "", now: Date.now(), secretBoxKey: secretBoxKey(context), timeoutMs: TIMEOUT_MS, publicOrigin: context.publicOrigin?.() ?? null },
          ACTOR,
        );
        if (delivery.status !== "delivered") {
          throw new AppError("unavailable", `the test delivery failed: ${lastAnswer(delivery)} (logged: \`webhooks deliveries ${delivery.endpointId}\`)`);
        }
        return { json: delivery, text: `Test delivered (${lastAnswer(delivery)}), delivery ${delivery.id}.` };
      }),
    );

  for (const [name, enabled] of [["enable", true], ["disable", false]] as const) {
    webhooks
      .command(name)
      .description(enabled ? "send alerts to the endpoint again (what is pending goes out)" : "stop sending alerts to the endpoint (pending deliveries wait)")
      .argument("<id>", "endpoint id (see `webhooks list`)")
      .action(
        run(async ([id]) => {
          const endpoint = await setWebhookEndpointEnabled((await context.db()), { id: id ?? "", enabled }, ACTOR, Date.now());
          return { json: endpoint, text: `Webhook endpoint ${endpoint.url} is ${enabled ? "enabled" : "disabled"}.` };
        }),
      );
  }

  webhooks
    .command("remove")
    .description("remove an endpoint and its delivery log")
    .argument("<id>", "endpoint id (see `webhooks list`)")
    .action(
      run(async ([id]) => {
        const endpoint = await removeWebhookEndpoint((await context.db()), id ?? "", ACTOR, Date.now());
        return { json: endpoint, text: `Removed webhook endpoint ${endpoint.url} (id ${endpoint.id}).` };
      }),
    );

  webhooks
    .command("deliveries")
    .description("an endpoint's latest deliveries with each attempt's answer")
    .argument("<id>", "endpoint id (see `webhooks list`)")
    .action(
      run(async ([id]) => {
        const found = await listWebhookDeliveries((await context.db()), id ?? "");
        return {
          json: found,
          text:
            found.length === 0
              ? "No deliveries yet: `webhooks test <id>` sends one."
              : table(
                  ["ID", "EVENT", "STATUS", "ATTEMPTS", "CREATED", "NEXT RETRY", "LAST ANSWER"],
                  found.map((d) => [d.id, EVENT_TITLES[d.event], d.status, String(d.attempts), showTime(d.createdAt), showTime(d.nextAttemptAt), lastAnswer(d)]),
                ),
        };
      }),
    );
}
