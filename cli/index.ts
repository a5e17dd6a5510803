/**
 * The operator CLI: `npm run admin -- <command> [--json]`. An adapter like a route
 * handler: it parses arguments (commander), calls the lib/ functions and prints.
 *
 * Adding commands: write cli/commands/<area>.ts exporting `register<Area>Commands(program)`
 * and call it below. Each leaf command's action is `run((args, options) => ({ json, text }))`
 * (cli/output.ts), which prints and maps errors (AppError, zod) to the one-line failure;
 * open the database with `cliDb()` and record changes as `ACTOR` (cli/context.ts).
 * `--json` is a global option: do not declare it per command.
 */
import { Command } from "commander";
import { registerAdminCommands } from "./commands/admin";
import { registerDiCommands } from "./commands/di";
import { registerGroupCommands } from "./commands/groups";
import { registerUserCommands } from "./commands/users";
import { registerDomainCommands } from "./commands/domain";
import { registerPlanCommands } from "./commands/plan";
import { registerScimSupportCommands } from "./commands/scim-support";
import { registerSettingsCommands } from "./commands/settings";
import { registerTokenCommands } from "./commands/token";
import { fail, oneLine } from "./output";

// stdout carries only the command's output (one JSON document with --json): anything a
// library logs goes to stderr instead.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

export function buildProgram(): Command {
  const program = new Command("admin")
    .description("Operator CLI of the Admin Center: works on DATABASE_PATH, also while the server runs")
    .option("--json", "print machine-readable JSON on stdout (and nothing else there)")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    // Commander's usage errors ("unknown option", "did you mean …") as one stderr line, too.
    .configureOutput({ outputError: (text, write) => write(`${oneLine(text)}\n`) })
    .showSuggestionAfterError(true);

  registerAdminCommands(program);
  registerPlanCommands(program);
  registerScimSupportCommands(program);
  registerDomainCommands(program);
  registerTokenCommands(program);
  registerSettingsCommands(program);
  registerDiCommands(program);
  registerGroupCommands(program);
  registerUserCommands(program);

  // `--help` lists every command, not only the top-level groups.
  program.addHelpText("after", () => `\nAll commands:\n${listCommands(program).join("\n")}\n`);
  return program;
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

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => fail(error));
