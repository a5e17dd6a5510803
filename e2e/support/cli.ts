import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { suite } from "./suite";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");

/**
 * Runs the operator CLI (`npm run admin -- …`) against the suite's database, as an
 * operator would while the server runs, and returns its --json output.
 */
export async function runCli<T = unknown>(args: string[]): Promise<T> {
  const { stdout } = await run(
    join(ROOT, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "cli/index.ts", ...args, "--json"],
    { cwd: ROOT, env: { ...process.env, DATABASE_PATH: suite().databasePath, NODE_ENV: "production" }, timeout: 60_000 },
  ).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`admin ${args.join(" ")} failed: ${error.stderr?.trim() || error.message}`);
  });
  return JSON.parse(stdout) as T;
}
