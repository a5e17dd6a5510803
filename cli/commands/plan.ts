import type { Command } from "commander";
import type { Plan } from "@/db/schema";
import { getPlan } from "@/lib/plan/get-plan";
import { setPlan } from "@/lib/plan/set-plan";
import { ACTOR, type CliContext } from "../context";
import { onOff, run, showTime } from "../output";

export function describePlan(plan: Plan): string {
  const rows: [string, string][] = [
    ["Plan", plan.name],
    ["Primary email", plan.primaryEmail],
    ["SCIM support", onOff(plan.scimEnabled)],
    ["Directory Integration", onOff(plan.diEnabled)],
    ["Contributor auto-upgrade", onOff(plan.autoUpgrade)],
    ["UAP", onOff(plan.uapEnabled)],
    ["Provisional Member policy", plan.provisionalPolicy === "auto-upgrade" ? "upgrade to Member" : "admin approval"],
    ["Review days", String(plan.reviewDays)],
    ["Activity retention", `${plan.activityRetentionDays} days`],
    ["Updated", showTime(plan.updatedAt)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join("\n");
}

export function registerPlanCommands(program: Command, context: CliContext): void {
  const plan = program.command("plan").description("the plan: its name, primary email and settings");

  plan
    .command("set")
    .description("create the plan or change its name and primary email")
    .requiredOption("--name <name>", "plan name")
    .requiredOption("--primary-email <email>", "the plan's primary email (on a validated domain for DI)")
    .action(
      run(async (_args, options) => {
        const saved = await setPlan(
          (await context.db()),
          { name: options.name as string, primaryEmail: options.primaryEmail as string },
          ACTOR,
        );
        return { json: saved, text: `Plan "${saved.name}" saved, primary email ${saved.primaryEmail}` };
      }),
    );

  plan
    .command("show")
    .description("show the plan and its settings")
    .action(
      run(async () => {
        const found = await getPlan((await context.db()));
        return found
          ? { json: found, text: describePlan(found) }
          : { json: null, text: "No plan yet: run `plan set --name … --primary-email …` or finish setup in the browser" };
      }),
    );
}
