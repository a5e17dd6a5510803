import { Argument, type Command } from "commander";
import { ADOPTION_POLICIES, type AdoptionPolicy } from "@/db/schema";
import { listAdoptionRequests, type AdoptionRequestView } from "@/lib/directory/list-adoption-requests";
import { refuseAdoptions } from "@/lib/directory/refuse-adoption";
import { approveAdoptions } from "@/lib/scim/users/approve-adoption";
import { updateSettings } from "@/lib/settings/update-settings";
import { ACTOR, type CliContext } from "../context";
import { run, showTime, table } from "../output";

/** What each setting does, as `adoption set` and `adoption list` say it. */
export const ADOPTION_POLICY_TEXT: Record<AdoptionPolicy, string> = {
  automatic:
    "automatic: the identity provider's create or update of someone already on the plan (UAP, added by an admin) links them, keeping their history, sessions and items",
  "admin-approval":
    "admin approval: such a link waits for a System Admin (`adoption list`, then `adoption approve` or `adoption refuse`); the identity provider gets 409 meanwhile",
  refuse: "refuse: the identity provider may not create or change people it did not provision (409)",
};

const rows = (requests: AdoptionRequestView[], decided: boolean): string[][] =>
  requests.map((r) => [
    r.email ?? r.userName,
    r.source,
    r.requested.userName ?? "-",
    r.requested.externalId ?? "-",
    r.actor,
    showTime(r.updatedAt),
    ...(decided ? [`${r.decision ?? "-"} by ${r.decidedBy ?? "-"}`, showTime(r.decidedAt)] : []),
  ]);

export function registerAdoptionCommands(program: Command, context: CliContext): void {
  const adoption = program
    .command("adoption")
    .description("people who were on the plan before SCIM: how the identity provider links them, and links waiting for approval");

  adoption
    .command("set")
    .description("the adoption setting: automatic (default), admin-approval or refuse")
    .addArgument(new Argument("<policy>", ADOPTION_POLICIES.join(" or ")).choices(ADOPTION_POLICIES))
    .action(
      run(async ([policy]) => {
        const plan = await updateSettings((await context.db()), { adoptionPolicy: policy as AdoptionPolicy }, ACTOR);
        return { json: { adoptionPolicy: plan.adoptionPolicy }, text: `Adoption is ${ADOPTION_POLICY_TEXT[plan.adoptionPolicy]}` };
      }),
    );

  adoption
    .command("list")
    .description("the setting, the links waiting for approval, and those decided in the last 30 days")
    .action(
      run(async () => {
        const view = await listAdoptionRequests((await context.db()), { now: Date.now() });
        const headers = ["person", "source", "IdP userName", "IdP externalId", "asked by", "last asked"];
        const lines = [`Adoption is ${ADOPTION_POLICY_TEXT[view.policy]}.`, ""];
        const shown = view.pending.length < view.pendingTotal ? ` (the oldest ${view.pending.length} shown)` : "";
        lines.push(view.pendingTotal === 0 ? "No links wait for approval." : `${view.pendingTotal} waiting for approval${shown}:\n${table(headers, rows(view.pending, false))}`);
        if (view.decided.length > 0) {
          lines.push("", `Decided in the last 30 days:\n${table([...headers, "decision", "decided"], rows(view.decided, true))}`);
        }
        return { json: view, text: lines.join("\n") };
      }),
    );

  adoption
    .command("approve")
    .description("link people to the identity provider as it asked (also a link refused earlier); all or none")
    .argument("<people...>", "each person's email, userName or id")
    .action(
      run(async (args) => {
        // A variadic argument arrives as one array.
        const linked = await approveAdoptions((await context.db()), args.flat(), ACTOR, Date.now());
        return { json: { approved: linked }, text: `Linked to the identity provider: ${linked.join(", ")}. Its next request for them succeeds.` };
      }),
    );

  adoption
    .command("refuse")
    .description("refuse links waiting for approval: the people stay as they are and the identity provider keeps getting 409; all or none")
    .argument("<people...>", "each person's email, userName or id")
    .action(
      run(async (args) => {
        const refused = await refuseAdoptions((await context.db()), args.flat(), ACTOR, Date.now());
        return {
          json: { refused },
          text: `Refused: ${refused.join(", ")} stay${refused.length === 1 ? "s" : ""} unlinked; the identity provider's requests for them are refused until approved.`,
        };
      }),
    );
}
