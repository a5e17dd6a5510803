import { Argument, type Command } from "commander";
import { PROVISIONAL_POLICIES, type Plan, type ProvisionalPolicy } from "@/db/schema";
import { MAX_ACTIVITY_RETENTION_DAYS, MIN_ACTIVITY_RETENTION_DAYS } from "@/lib/activity/retention";
import { requirePlan } from "@/lib/plan/get-plan";
import { updateSettings, type SettingsChange } from "@/lib/settings/update-settings";
import { ACTOR, type CliContext } from "../context";
import { numberArgument, onOff, run, type Output } from "../output";
import { describePlan } from "./plan";

function change(context: CliContext, what: SettingsChange, text: (plan: Plan) => string): Output {
  const plan = updateSettings(context.db(), what, ACTOR);
  return { json: plan, text: text(plan) };
}

const onOffArgument = () => new Argument("<state>", "on or off").choices(["on", "off"]);

export function registerSettingsCommands(program: Command, context: CliContext): void {
  const settings = program.command("settings").description("the plan switches: auto-upgrade, UAP, provisional policy, review period, activity retention");
  const set = settings.command("set").description("change one setting");

  set
    .command("auto-upgrade")
    .description("upgrade Contributors who attempt a Member-only action automatically (on) or not (off)")
    .addArgument(onOffArgument())
    .action(run(([state]) => change(context, { autoUpgrade: state === "on" }, (p) => `Auto-upgrade is ${onOff(p.autoUpgrade)}`)));

  set
    .command("uap")
    .description("user auto-provisioning of sign-ins on validated domains (needs one)")
    .addArgument(onOffArgument())
    .action(run(([state]) => change(context, { uapEnabled: state === "on" }, (p) => `UAP is ${onOff(p.uapEnabled)}`)));

  set
    .command("provisional-policy")
    .description("what happens when a review period ends")
    .addArgument(new Argument("<policy>", PROVISIONAL_POLICIES.join(" or ")).choices(PROVISIONAL_POLICIES))
    .action(
      run(([policy]) =>
        change(context, { provisionalPolicy: policy as ProvisionalPolicy }, (p) => `Provisional policy is ${p.provisionalPolicy}`),
      ),
    );

  set
    .command("review-days")
    .description("length of a Provisional Member's review period, 1–365 days")
    .argument("<days>", "whole number of days")
    .action(
      run(([days]) => change(context, { reviewDays: numberArgument(days) }, (p) => `Review period is ${p.reviewDays} days`)),
    );

  set
    .command("activity-retention-days")
    .description(
      `how long the activity log keeps entries, ${MIN_ACTIVITY_RETENTION_DAYS}–${MAX_ACTIVITY_RETENTION_DAYS} days; older ones are deleted by the server's scheduler`,
    )
    .argument("<days>", "whole number of days")
    .action(
      run(([days]) =>
        change(context, { activityRetentionDays: numberArgument(days) }, (p) => `Activity log keeps ${p.activityRetentionDays} days`),
      ),
    );

  settings
    .command("show")
    .description("show the plan and its settings")
    .action(
      run(() => {
        const plan = requirePlan(context.db());
        return { json: plan, text: describePlan(plan) };
      }),
    );
}
