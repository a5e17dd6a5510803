import { Argument, type Command } from "commander";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import { previewDirectoryIntegration } from "@/lib/directory/preview-directory-integration";
import {
  turnOffDirectoryIntegration,
  turnOnDirectoryIntegration,
} from "@/lib/directory/set-directory-integration";
import { ACTOR, type CliContext } from "../context";
import { run, table } from "../output";

export function describePreview(p: ReevaluationPreview): string {
  const head = `${p.upgrades} up, ${p.downgrades} down, ${p.unchanged} unchanged`;
  if (p.changes.length === 0) return head;
  return `${head}\n${table(
    ["USER", "FROM", "TO", "WHY"],
    p.changes.map((c) => [c.userName, c.from, c.to, c.reason]),
  )}`;
}

export function registerDiCommands(program: Command, context: CliContext): void {
  program
    .command("di")
    .description("Directory Integration: on (checks preconditions, re-evaluates every user), off, or preview")
    .addArgument(new Argument("<action>", "on, off or preview").choices(["on", "off", "preview"]))
    .action(
      run(async ([action]) => {
        const db = (await context.db());
        const now = Date.now();
        if (action === "preview") {
          // Downgrades (paid seats removed) first; the first page only, the counts cover everyone.
          const preview = await previewDirectoryIntegration(db, { now, direction: "all", pageSize: 20 });
          const more = preview.matching - preview.changes.length;
          const text = [
            `${preview.diEnabled ? "Re-evaluating every user now would change" : "Turning DI on would change"}: ${describePreview(preview)}`,
            ...(more > 0 ? [`…and ${more} more (downgrades first): the Admin Center's Directory Integration page downloads them all as CSV`] : []),
            ...preview.unmet.map((message) => `Not met yet: ${message}`),
          ];
          return { json: preview, text: text.join("\n") };
        }
        if (action === "on") {
          const result = await turnOnDirectoryIntegration(db, ACTOR, now);
          return { json: { diEnabled: true, ...result }, text: `Directory Integration is on. Re-evaluated: ${describePreview(result)}` };
        }
        await turnOffDirectoryIntegration(db, ACTOR, now);
        return {
          json: { diEnabled: false },
          text: "Directory Integration is off: SCIM requests are refused (403) and seats are managed by hand.",
        };
      }),
    );
}
