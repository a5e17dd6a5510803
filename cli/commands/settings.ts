import { Argument, InvalidArgumentError, type Command } from "commander";
import type { Plan, ProvisionalPolicy } from "@/db/schema";
import { MAX_ACTIVITY_RETENTION_DAYS, MIN_ACTIVITY_RETENTION_DAYS } from "@/lib/activity/retention";
import { requirePlan } from "@/lib/plan/get-plan";
import { updateSettings, type SettingsChange } from "@/lib/settings/update-settings";
import { ACTOR, type CliContext } from "../context";
import { numberArgument, onOff, run, type Output } from "../output";
import { describePlan } from "./plan";

async function change(context: CliContext, what: SettingsChange, text: (plan: Plan) => string): Promise<Output> {
  const plan = await updateSettings((await context.db()), what, ACTOR);
  return { json: plan, text: text(plan) };
}

const onOffArgument = () => new Argument("<state>", "on or off").choices(["on", "off"]);

/**
 * The plan has two settings that were both called "auto-upgrade" (docs/product.md §4): the
 * Contributor auto-upgrade switch and the Provisional Member policy whose value is stored as
 * `auto-upgrade`. The CLI names them apart (`contributor-auto-upgrade`, `upgrade-to-member`)
 * and still accepts the old words, which scripts use; help and output show only the new.
 */
const POLICY_WORDS: Record<string, ProvisionalPolicy> = {
  "admin-approval": "admin-approval",
  "upgrade-to-member": "auto-upgrade",
  "auto-upgrade": "auto-upgrade", // the old word
};
const POLICY_NAMES: Record<ProvisionalPolicy, string> = {
  "admin-approval": "admin approval (when a review period ends, the Provisional Member goes back to Contributor unless an admin made them a Member)",
  "auto-upgrade": "upgrade to Member (when a review period ends, the Provisional Member becomes a Member)",
};
const NEW_POLICY_WORDS = ["admin-approval", "upgrade-to-member"];

function policyArgument(): Argument {
  // choices() gives the help its list of the new words; the parser set after it also takes the old one.
  return new Argument("<policy>", NEW_POLICY_WORDS.join(" or "))
    .choices(NEW_POLICY_WORDS)
    .argParser((value: string) => {
      const policy = Object.hasOwn(POLICY_WORDS, value) ? POLICY_WORDS[value] : undefined;
      if (!policy) throw new InvalidArgumentError(`Allowed choices are ${NEW_POLICY_WORDS.join(", ")}.`);
      return policy;
    });
}

export function registerSettingsCommands(program: Command, context: CliContext): void {
  const settings = program
    .command("settings")
    .description(
      "the plan switches: Contributor auto-upgrade, UAP, Provisional Member policy, review period, activity retention, SCIM body retention",
    );
  const set = settings.command("set").description("change one setting");

  set
    .command("contributor-auto-upgrade")
    .alias("auto-upgrade") // the old name
    .description(
      "Contributor auto-upgrade: a Contributor who attempts a Member-only action becomes a Provisional Member at once (on) or stays a Contributor (off)",
    )
    .addArgument(onOffArgument())
    .action(
      run(async ([state]) =>
        change(context, { autoUpgrade: state === "on" }, (p) => `Contributor auto-upgrade is ${onOff(p.autoUpgrade)}`),
      ),
    );

  set
    .command("uap")
    .description("user auto-provisioning of sign-ins on validated domains (needs one)")
    .addArgument(onOffArgument())
    .action(run(async ([state]) => change(context, { uapEnabled: state === "on" }, (p) => `UAP is ${onOff(p.uapEnabled)}`)));

  set
    .command("provisional-policy")
    .description("Provisional Member policy: what happens when a review period ends")
    .addArgument(policyArgument())
    .action(
      run(async ([policy]) =>
        change(
          context,
          { provisionalPolicy: policy as ProvisionalPolicy },
          (p) => `Provisional Member policy is ${POLICY_NAMES[p.provisionalPolicy]}`,
        ),
      ),
    );

  set
    .command("review-days")
    .description("length of a Provisional Member's review period, 1–365 days")
    .argument("<days>", "whole number of days")
    .action(
      run(async ([days]) => change(context, { reviewDays: numberArgument(days) }, (p) => `Review period is ${p.reviewDays} days`)),
    );

  set
    .command("activity-retention-days")
    .description(
      `how long the activity log keeps entries, ${MIN_ACTIVITY_RETENTION_DAYS}–${MAX_ACTIVITY_RETENTION_DAYS} days; older ones are deleted by the server's scheduler`,
    )
    .argument("<days>", "whole number of days")
    .action(
      run(async ([days]) =>
        change(context, { activityRetentionDays: numberArgument(days) }, (p) => `Activity log keeps ${p.activityRetentionDays} days`),
      ),
    );

  set
    .command("scim-body-retention")
    .description(
      "how long the bodies of SCIM requests (what the identity provider sent, what we answered) are kept, 1–90 days; older ones are deleted by the server's scheduler",
    )
    .argument("<days>", "whole number of days")
    .action(
      run(async ([days]) =>
        change(
          context,
          { scimBodyRetentionDays: numberArgument(days) },
          (p) => `SCIM request bodies are kept ${p.scimBodyRetentionDays} days`,
        ),
      ),
    );

  settings
    .command("show")
    .description("show the plan and its settings")
    .action(
      run(async () => {
        const plan = await requirePlan((await context.db()));
        return { json: plan, text: describePlan(plan) };
      }),
    );
}
