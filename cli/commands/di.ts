import { Argument, type Command } from "commander";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import { previewReevaluation } from "@/lib/directory/preview-reevaluation";
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
      run(([action]) => {
        const db = context.db();
        const now = Date.now();
        if (action === "preview") {
          const preview = previewReevaluation(db, now);
          return { json: preview, text: `Turning DI on would change: ${describePreview(preview)}` };
        }
        if (action === "on") {
          const result = turnOnDirectoryIntegration(db, ACTOR, now);
          return { json: { diEnabled: true, ...result }, text: `Directory Integration is on. Re-evaluated: ${describePreview(result)}` };
        }
        turnOffDirectoryIntegration(db, ACTOR, now);
        return {
          json: { diEnabled: false },
          text: "Directory Integration is off: SCIM requests are refused (403) and seats are managed by hand.",
        };
      }),
    );
}
