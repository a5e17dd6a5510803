import type { Command } from "commander";
import { addDomain } from "@/lib/domains/add-domain";
import { createTxtResolver } from "@/lib/domains/dns-resolver";
import { listDomains } from "@/lib/domains/list-domains";
import { removeDomain } from "@/lib/domains/remove-domain";
import { verifyDomain } from "@/lib/domains/verify-domain";
import { AppError } from "@/lib/errors";
import { ACTOR, type CliContext } from "../context";
import { run, showTime, table } from "../output";

export function registerDomainCommands(program: Command, context: CliContext): void {
  const domain = program.command("domain").description("domains to validate with a DNS TXT record");

  domain
    .command("add")
    .description("add a domain and print the TXT record to publish")
    .argument("<domain>", "domain name, e.g. example.com")
    .action(
      run(async ([name]) => {
        const added = await addDomain((await context.db()), name ?? "", ACTOR);
        return {
          json: added,
          text: [
            `Domain ${added.domain}: publish this DNS record, then run \`domain verify ${added.domain}\``,
            `  type:  ${added.record.type}`,
            `  name:  ${added.record.name}`,
            `  value: ${added.record.value}`,
          ].join("\n"),
        };
      }),
    );

  domain
    .command("verify")
    .description("look the TXT record up in DNS (servers from DNS_SERVERS) and validate the domain")
    .argument("<domain>", "domain name")
    .action(
      run(async ([name]) => {
        const resolver = createTxtResolver(context.dnsServers());
        const result = await verifyDomain((await context.db()), name ?? "", resolver, ACTOR);
        if (!result.verified) {
          throw new AppError(
            result.result === "dns-error" ? "unavailable" : "conflict",
            `${result.domain} is not validated (${result.result}): ${result.detail}`,
          );
        }
        return { json: result, text: `${result.domain} is validated: ${result.detail}` };
      }),
    );

  domain
    .command("list")
    .description("list the domains and whether each is validated")
    .action(
      run(async () => {
        const found = await listDomains((await context.db()));
        return {
          json: found,
          text:
            found.length === 0
              ? "No domains yet: add one with `domain add <domain>`"
              : table(
                  ["DOMAIN", "STATUS", "VERIFIED", "LAST CHECK", "TXT NAME", "TXT VALUE"],
                  found.map((d) => [
                    d.name,
                    d.status,
                    showTime(d.verifiedAt),
                    d.lastCheckResult ?? "-",
                    d.record.name,
                    d.record.value,
                  ]),
                ),
        };
      }),
    );

  domain
    .command("remove")
    .description(
      "remove a domain; the last validated domain turns UAP off with it; refused while Directory Integration needs it (the last validated domain, or the primary email's)",
    )
    .argument("<domain>", "domain name")
    .action(
      run(async ([name]) => {
        // The output says so when UAP goes off with the domain: that is the confirmation.
        const removed = await removeDomain((await context.db()), name ?? "", ACTOR, { confirmUapOff: true });
        return {
          json: { ...removed, removed: true },
          text: removed.uapTurnedOff
            ? `Removed domain ${removed.domain}. It was the last validated domain, so user auto-provisioning (UAP) is now off: turn it on again once a domain is validated (\`settings set uap on\`)`
            : `Removed domain ${removed.domain}`,
        };
      }),
    );
}
