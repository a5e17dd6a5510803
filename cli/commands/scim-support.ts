import { Argument, type Command } from "commander";
import { setScimSupport } from "@/lib/plan/set-scim-support";
import { ACTOR, type CliContext } from "../context";
import { onOff, run } from "../output";

export function registerScimSupportCommands(program: Command, context: CliContext): void {
  program
    .command("scim-support")
    .description("enable or disable SCIM for the plan (Directory Integration needs it)")
    .addArgument(new Argument("<state>", "on or off").choices(["on", "off"]))
    .action(
      run(async ([state]) => {
        const plan = await setScimSupport((await context.db()), state === "on", ACTOR);
        return { json: plan, text: `SCIM support is ${onOff(plan.scimEnabled)} for plan "${plan.name}"` };
      }),
    );
}
