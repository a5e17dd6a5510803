import type { Command } from "commander";
import { parseRole, setGroupMapping } from "@/lib/directory/map-group-role";
import { ACTOR, type CliContext } from "../context";
import { run } from "../output";

export function registerGroupCommands(program: Command, context: CliContext): void {
  const groups = program.command("groups").description("map groups pushed by the IdP to roles");
  groups
    .command("map")
    .description("map a pushed group to a role; its members are re-synced")
    .argument("<displayName>", "the group's name as the IdP pushed it")
    .argument("<role>", "e.g. LICENSED_USER, GROUP_ADMIN, RESOURCE_VIEWER, USER_ADMIN")
    .action(
      run(async ([name, roleText]) => {
        const role = parseRole(roleText!);
        const { group, changes } = await setGroupMapping((await context.db()), name!, role, ACTOR, Date.now());
        return {
          json: { group: group.displayName, groupId: group.id, role, changes },
          text: `'${group.displayName}' now grants ${role}; ${changes.length} seat(s) changed.`,
        };
      }),
    );
  groups
    .command("unmap")
    .description("remove a group's role mapping; its members are re-synced")
    .argument("<displayName>", "the group's name")
    .action(
      run(async ([name]) => {
        const { group, changes } = await setGroupMapping((await context.db()), name!, null, ACTOR, Date.now());
        return {
          json: { group: group.displayName, groupId: group.id, role: null, changes },
          text: `'${group.displayName}' no longer grants a role; ${changes.length} seat(s) changed.`,
        };
      }),
    );
}
