/**
 * Smoke tests of the real entry as operators run it (`npm run admin -- …`, which compiles
 * the CLI when a source is newer than its build): one spawn each, so few. The commands
 * themselves are tested in process (cli.test.ts, di-commands.test.ts). In the PostgreSQL run
 * of the suite the CLI gets DATABASE_URL, a database of the throw-away server.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openTestDatabase } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The first spawn may compile the CLI (about a second, more on a busy machine). */
const SPAWN = 60_000;

let dir: string;
let postgres: Record<string, string> = {};
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "admin-cli-entry-"));
  if (onPostgres) {
    const db = await openTestDatabase();
    postgres = { DATABASE_URL: db.location, AUTH_SECRET: "cli-entry-test-secret-of-at-least-32-chars" };
    await closeDatabase(db);
  }
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function npm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return npmWithInput(undefined, ...args);
}

function npmWithInput(input: string | undefined, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: join(dir, "admin-center.db"), ...postgres, NODE_ENV: "test" };
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    const child = execFile("npm", args, { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? "");
  });
}

describe("npm run admin", () => {
  it("prints the help, every command listed", async () => {
    const result = await npm("run", "admin", "--", "--help");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Usage: admin [options] [command]");
    expect(result.stdout).toContain("  users reevaluate\n");
  }, SPAWN);

  it("with -s and --json prints only the JSON document", async () => {
    const result = await npm("run", "-s", "admin", "--", "plan", "set", "--name", "Acme", "--primary-email", "it@acme.example", "--json");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 1, name: "Acme", primaryEmail: "it@acme.example" });
  }, SPAWN);

  it("with -s and --json prints a failure as a JSON error and exits 1", async () => {
    const result = await npm("run", "-s", "admin", "--", "scim-support", "on", "--json");
    expect(result).toMatchObject({ code: 1, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: "conflict",
        message: "No plan yet: run `plan set --name … --primary-email …` or finish setup in the browser",
      },
    });
  }, SPAWN);

  it("reads a new admin's password from stdin's first line, not from argv", async () => {
    const created = await npmWithInput("correct horse battery\n", "run", "-s", "admin", "--", "admin", "create", "--email", "boss@acme.example", "--json");
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(created.stdout)).toMatchObject({ email: "boss@acme.example" });
    const empty = await npmWithInput("", "run", "-s", "admin", "--", "admin", "reset-password", "boss@acme.example", "--json");
    expect(JSON.parse(empty.stdout)).toEqual({ error: { code: "invalid", message: expect.stringMatching(/no password on stdin/) } });
  }, SPAWN);
});
