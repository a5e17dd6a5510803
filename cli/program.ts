/**
 * The operator CLI as a commander program, built afresh for each run so nothing (parsed
 * options, exit state, output) outlives it: the entry (cli/index.ts) runs it on
 * `process.argv`, tests run it in process on their own database.
 *
 * Adding commands: write cli/commands/<area>.ts exporting
 * `register<Area>Commands(program, context)` and call it below. Each leaf command's action
 * is `run((args, options) => ({ json, text }))` (cli/output.ts); use `(await context.db())` for
 * the database and record changes as `ACTOR` (cli/context.ts). `--json` is a global
 * option: do not declare it per command.
 */
import { Command, CommanderError } from "commander";
import { registerAdminCommands, registerSessionCommands } from "./commands/admin";
import { registerBreakerCommands } from "./commands/breaker";
import { registerAdoptionCommands } from "./commands/adoption";
import { registerDiCommands } from "./commands/di";
import { registerDomainCommands } from "./commands/domain";
import { registerGroupCommands } from "./commands/groups";
import { registerPlanCommands } from "./commands/plan";
import { registerScimSupportCommands } from "./commands/scim-support";
import { registerSettingsCommands } from "./commands/settings";
import { registerSsoCommands } from "./commands/sso";
import { registerTokenCommands } from "./commands/token";
import { registerUserCommands } from "./commands/users";
import { registerWebhookCommands } from "./commands/webhooks";
import type { CliContext } from "./context";
import { describeFailure, jsonDocument, oneLine } from "./output";

/** Where the program writes: process.stdout/stderr in the entry, strings in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export function buildProgram(context: CliContext, io: CliIo, { json = false } = {}): Command {
  // Output and exit settings first: subcommands copy them when they are created.
  const program = new Command("admin")
    .description("Operator CLI of the Admin Center: works on DATABASE_PATH, also while the server runs")
    .option("--json", "print machine-readable JSON on stdout (and nothing else there), errors included")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Commander's usage errors ("unknown option", "did you mean …") as one stderr line;
      // with --json, runCli prints them as the JSON error instead.
      outputError: (text, write) => {
        if (!json) write(`${oneLine(text)}\n`);
      },
    })
    .exitOverride()
    .showSuggestionAfterError(true);

  registerAdminCommands(program, context);
  registerSessionCommands(program, context);
  registerPlanCommands(program, context);
  registerScimSupportCommands(program, context);
  registerDomainCommands(program, context);
  registerTokenCommands(program, context);
  registerSettingsCommands(program, context);
  registerDiCommands(program, context);
  registerGroupCommands(program, context);
  registerUserCommands(program, context);
  registerSsoCommands(program, context);
  registerBreakerCommands(program, context);
  registerAdoptionCommands(program, context);
  registerWebhookCommands(program, context);

  // `--help` lists every command, not only the top-level groups.
  program.addHelpText("after", () => `\nAll commands:\n${listCommands(program).join("\n")}\n`);
  return program;
}

/**
 * Runs one command line (`["node", "admin", ...args]`) and returns the exit code; never
 * exits the process or sets process.exitCode, so tests can run many in one process.
 */
export async function runCli(argv: string[], context: CliContext, io: CliIo): Promise<number> {
  // Read from argv, not from the parsed options: a usage error stops parsing before them.
  const json = wantsJson(argv.slice(2));
  try {
    await buildProgram(context, io, { json }).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help (exit 0) or a command group run without a subcommand (help on stderr, exit 1).
      if (error.code === "commander.helpDisplayed" || error.code === "commander.help") {
        if (json && error.exitCode !== 0) io.stdout(jsonDocument({ error: { code: "usage", message: "give a command: `--help` lists them" } }));
        return error.exitCode;
      }
      if (json) io.stdout(jsonDocument({ error: describeFailure(error) }));
      return error.exitCode === 0 ? 1 : error.exitCode;
    }
    const failure = describeFailure(error);
    if (json) io.stdout(jsonDocument({ error: failure }));
    else io.stderr(`error: ${failure.message}\n`);
    return 1;
  }
}

/** `--json` anywhere before a `--` that ends the options. */
function wantsJson(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}

/** Every runnable command with its arguments and options, e.g. `domain add <domain>`. */
function listCommands(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    if (sub.commands.length > 0) return listCommands(sub, path);
    const usage = [
      ...path,
      ...sub.registeredArguments.map((a) => {
        const name = a.argChoices ? a.argChoices.join("|") : `<${a.name()}>`;
        return a.required ? name : `[${name}]`;
      }),
      ...sub.options
        .filter((o) => o.long !== "--help")
        .map((o) => (o.mandatory ? o.flags : `[${o.flags}]`)),
    ];
    return `  ${usage.join(" ")}\n      ${sub.description()}`;
  });
}
