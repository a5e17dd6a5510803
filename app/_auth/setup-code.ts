/**
 * Where the server keeps the one-time setup code (beside the database, like `auth-secret`),
 * and the start-up step that prints it (instrumentation.ts runs it once per server start).
 */
import { dirname, join } from "node:path";
import { countAdmins } from "@/lib/admins/count-admins";
import { discardSetupCode, issueSetupCode } from "@/lib/setup/setup-code";
import { getDb } from "@/server/db";
import { env } from "@/server/env";

export function setupCodeFile(): string {
  return join(dirname(env().DATABASE_PATH), "setup-code");
}

/**
 * While no admin exists, make sure there is a code and print it; once one does (setup done,
 * or `admin create` from the CLI), a leftover code is removed so it can never open setup.
 */
export async function announceSetupCode(): Promise<void> {
  const file = setupCodeFile();
  if (await countAdmins(await getDb()) > 0) {
    discardSetupCode(file);
    return;
  }
  const { code } = issueSetupCode(file);
  console.log(`Setup code: ${code} (also in ${file}). The setup page asks for it to create the first System Admin.`);
}
