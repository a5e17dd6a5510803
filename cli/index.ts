/**
 * The operator CLI's process entry: `npm run admin -- <command> [--json]` runs it through
 * cli/admin.mjs, compiled into one file. It wires the program (cli/program.ts) to this
 * process: the database at DATABASE_PATH, the environment, stdout/stderr and the exit code.
 */
import { resolveSecretBoxKey } from "@/server/auth-secret";
import { env } from "@/server/env";
import { closeDb, getDb } from "@/server/db";
import { runCli } from "./program";
import { readPassword } from "./read-password";

// stdout carries only the command's output (one JSON document with --json): anything a
// library logs goes to stderr instead.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

// No top-level await: `tsx cli/index.ts` (CommonJS) still runs it, e.g. under a debugger.
void runCli(
  process.argv,
  {
    db: getDb,
    dnsServers: () => env().DNS_SERVERS,
    readPassword,
    sessionIdleMs: () => env().SESSION_IDLE_MINUTES * 60_000,
    secretBoxKey: resolveSecretBoxKey,
    publicOrigin: () => (env().PUBLIC_URL ? new URL(env().PUBLIC_URL!).origin : `http://localhost:${env().PORT}`),
  },
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
).then(async (code) => {
  process.exitCode = code;
  await closeDb();
});
