import type { Command } from "commander";
import { createAdmin } from "@/lib/admins/create-admin";
import { toAdminView } from "@/lib/admins/admin-view";
import { ACTOR, type CliContext } from "../context";
import { run } from "../output";

export function registerAdminCommands(program: Command, context: CliContext): void {
  const admin = program.command("admin").description("System Admins of the Admin Center");

  admin
    .command("create")
    .description("create a System Admin who can sign in to the Admin Center")
    .requiredOption("--email <email>", "sign-in email")
    .requiredOption("--password <password>", "password (at least 12 characters)")
    .option("--name <name>", "display name (default: the email's local part)")
    .action(
      run((_args, options) => {
        const created = createAdmin(
          context.db(),
          {
            email: options.email as string,
            password: options.password as string,
            ...(options.name === undefined ? {} : { name: options.name as string }),
          },
          ACTOR,
          { passwordCost: context.passwordCost },
        );
        const view = toAdminView(created);
        return { json: view, text: `Created System Admin ${view.email} (${view.name}, id ${view.id})` };
      }),
    );
}
