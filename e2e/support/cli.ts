import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { suite } from "./suite";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");

/**
 * Runs the operator CLI (`npm run admin -- …`) against the suite's database, as an
 * operator would while the server runs, and returns its --json output. A failure's
 * `{"error": …}` document is on stdout then.
 */
export async function runCli<T = unknown>(args: string[], { input }: { input?: string } = {}): Promise<T> {
  // The launcher npm runs, without npm's own start-up: it compiles the CLI once if stale.
  const running = run(
    process.execPath,
    ["cli/admin.mjs", ...args, "--json"],
    { cwd: ROOT, env: { ...process.env, DATABASE_PATH: suite().databasePath, ...(suite().databaseUrl ? { DATABASE_URL: suite().databaseUrl } : {}), NODE_ENV: "production" }, timeout: 60_000 },
  );
  // What an operator would pipe in (a password: never an argument).
  running.child.stdin?.end(input ?? "");
  const { stdout } = await running.catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`admin ${args.join(" ")} failed: ${error.stdout?.trim() || error.stderr?.trim() || error.message}`);
  });
  return JSON.parse(stdout) as T;
}
