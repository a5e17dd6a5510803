import type { Command } from "commander";
import { createToken } from "@/lib/tokens/create-token";
import { listTokens } from "@/lib/tokens/list-tokens";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { ACTOR, type CliContext } from "../context";
import { numberArgument, run, showTime, table } from "../output";

export function registerTokenCommands(program: Command, context: CliContext): void {
  const token = program.command("token").description("SCIM API tokens for the identity provider");

  token
    .command("create")
    .description("generate a SCIM token (shown this once; at most two active)")
    .requiredOption("--name <name>", "a name to tell tokens apart, e.g. Okta")
    .option("--expires-in-days <days>", "expire after this many days (default: never)")
    .action(
      run(async (_args, options) => {
        const created = await createToken(
          (await context.db()),
          {
            name: options.name as string,
            ...(options.expiresInDays === undefined ? {} : { expiresInDays: numberArgument(options.expiresInDays) }),
          },
          ACTOR,
        );
        return {
          json: created,
          text: [
            `Created SCIM token "${created.name}" (id ${created.id}), expires ${created.expiresAt === null ? "never" : showTime(created.expiresAt)}.`,
            "Copy it now; it is not shown again:",
            created.token,
          ].join("\n"),
        };
      }),
    );

  token
    .command("list")
    .description("list the SCIM tokens (never the tokens themselves)")
    .action(
      run(async () => {
        const found = await listTokens((await context.db()));
        return {
          json: found,
          text:
            found.length === 0
              ? "No SCIM tokens yet: create one with `token create --name <name>`"
              : table(
                  ["ID", "NAME", "STATUS", "CREATED", "CREATED BY", "LAST USED", "EXPIRES"],
                  found.map((t) => [
                    t.id,
                    t.name,
                    t.status,
                    showTime(t.createdAt),
                    t.createdBy,
                    showTime(t.lastUsedAt),
                    t.expiresAt === null ? "never" : showTime(t.expiresAt),
                  ]),
                ),
        };
      }),
    );

  token
    .command("revoke")
    .description("revoke a SCIM token: the identity provider's next request with it gets 401")
    .argument("<id>", "token id (see `token list`)")
    .action(
      run(async ([id]) => {
        const revoked = await revokeToken((await context.db()), id ?? "", ACTOR);
        return { json: revoked, text: `Revoked SCIM token "${revoked.name}" (id ${revoked.id})` };
      }),
    );
}
