/**
 * `breaker`: the mass-deactivation breaker from the terminal (README "Mass-deactivation
 * breaker"): what it holds, release or discard it, and its settings. The CLI itself is never
 * held: its changes are an operator's, not the identity provider's.
 */
import { Argument, type Command } from "commander";
import { AppError } from "@/lib/errors";
import { discardHeldChanges, releaseHeldChanges, type DecideOutcome, type HeldSelection } from "@/lib/directory/decide-held-changes";
import { getBreakerStatus, listPastTrips } from "@/lib/directory/get-breaker-status";
import { listHeldChanges, type HeldChangeView } from "@/lib/directory/list-held-changes";
import { updateSettings, type SettingsChange } from "@/lib/settings/update-settings";
import { ACTOR, type CliContext } from "../context";
import { numberArgument, onOff, run, showTime, table, type Output } from "../output";

/** `status` lists this many held changes; `--all` lists them all (a wave holds thousands). */
const SHOWN = 50;

function selectionOf(users: string[], options: { all?: boolean }): HeldSelection {
  if (options.all && users.length > 0) throw new AppError("invalid", "Give either --all or users (id, email or userName), not both.");
  if (options.all) return { all: true };
  if (users.length === 0) throw new AppError("invalid", "Name the users whose held change to decide (id, email or userName), or pass --all.");
  return { users };
}

function decided(outcome: DecideOutcome): Output {
  const verb = outcome.decision === "released" ? "Released (applied)" : "Discarded (the users stay as they are)";
  return {
    json: outcome,
    text: `${verb}: ${outcome.decided} held change${outcome.decided === 1 ? "" : "s"}.${outcome.cleared ? " Nothing is held any more: the breaker has cleared." : ""}`,
  };
}

function heldTable(rows: HeldChangeView[]): string {
  return table(
    ["USER", "ASKED", "HELD", "BY"],
    rows.map((r) => [r.userName, `${r.requested} (${r.fromValue} → ${r.toValue})`, showTime(r.heldAt), r.actor]),
  );
}

export function registerBreakerCommands(program: Command, context: CliContext): void {
  const breaker = program
    .command("breaker")
    .description("the mass-deactivation breaker: what it holds from the identity provider, release or discard it, its settings");

  breaker
    .command("status")
    .description(`settings, the window, and the open trip with its held changes (the first ${SHOWN}; --all for every one)`)
    .option("--all", "list every held change")
    .action(
      run(async (_args, options) => {
        const db = (await context.db());
        const status = await getBreakerStatus(db, Date.now());
        const { settings, window, trip } = status;
        const rows: HeldChangeView[] = [];
        if (trip) {
          const pageSize = options.all ? 500 : SHOWN;
          for (let n = 1; n <= (options.all ? Math.ceil(trip.open / pageSize) : 1); n++) {
            rows.push(...(await listHeldChanges(db, { tripId: trip.id, page: n, pageSize, openOnly: true })).rows);
          }
        }
        const lines = [
          `Breaker: ${onOff(settings.enabled)}; trips past max(${settings.minPeople} people, ${settings.percent}% of active users) within ${settings.windowMinutes} minutes (now ${window.threshold}).`,
          `Window: ${window.applied} counted change${window.applied === 1 ? "" : "s"} applied of ${window.threshold} (${window.activeUsers} active users).`,
        ];
        if (!trip) lines.push("Not tripped: nothing is held.");
        else {
          lines.push(
            `TRIPPED ${showTime(trip.trippedAt)}: ${trip.open} change${trip.open === 1 ? "" : "s"} from the identity provider held (of ${trip.held}).`,
            heldTable(rows),
          );
          if (rows.length < trip.open) lines.push(`… and ${trip.open - rows.length} more (breaker status --all).`);
          lines.push("Decide: breaker release --all | <user>…, breaker discard --all | <user>…");
        }
        return {
          json: { settings, window, trip, held: rows, pastTrips: await listPastTrips(db, 10) },
          text: lines.join("\n"),
        };
      }),
    );

  breaker
    .command("release")
    .description("apply held changes now (deactivations end the users' sessions; a downgrade gets the seat DI decides now)")
    .argument("[users...]", "ids, emails or userNames of users with a held change")
    .option("--all", "every held change")
    .action(
      run(async ([users], options) =>
        decided(await releaseHeldChanges((await context.db()), selectionOf((users as unknown as string[] | undefined) ?? [], options), ACTOR, Date.now())),
      ),
    );

  breaker
    .command("discard")
    .description("drop held changes: the users stay as they are, and the activity log says the identity provider was overruled")
    .argument("[users...]", "ids, emails or userNames of users with a held change")
    .option("--all", "every held change")
    .action(
      run(async ([users], options) =>
        decided(await discardHeldChanges((await context.db()), selectionOf((users as unknown as string[] | undefined) ?? [], options), ACTOR, Date.now())),
      ),
    );

  breaker
    .command("set")
    .description("turn the breaker on or off, or change its threshold: breaker set on|off, breaker set --percent 2 --min-people 25 --window 10")
    .addArgument(new Argument("[state]", "on or off").choices(["on", "off"]))
    .option("--percent <n>", "share of active users (1–100)", numberArgument)
    .option("--min-people <n>", "at least this many people (1–100000)", numberArgument)
    .option("--window <minutes>", "the sliding window in minutes (1–1440)", numberArgument)
    .action(
      run(async ([state], options) => {
        const change: SettingsChange = {
          ...(state ? { breakerEnabled: state === "on" } : {}),
          ...(options.percent !== undefined ? { breakerPercent: options.percent as number } : {}),
          ...(options.minPeople !== undefined ? { breakerMinPeople: options.minPeople as number } : {}),
          ...(options.window !== undefined ? { breakerWindowMinutes: options.window as number } : {}),
        };
        if (Object.keys(change).length === 0) {
          throw new AppError("invalid", "Nothing to change: give on|off, --percent, --min-people or --window.");
        }
        const plan = await updateSettings((await context.db()), change, ACTOR);
        const settings = {
          enabled: plan.breakerEnabled,
          percent: plan.breakerPercent,
          minPeople: plan.breakerMinPeople,
          windowMinutes: plan.breakerWindowMinutes,
        };
        return {
          json: settings,
          text: `Breaker ${onOff(settings.enabled)}: trips past max(${settings.minPeople} people, ${settings.percent}% of active users) within ${settings.windowMinutes} minutes.`,
        };
      }),
    );
}
