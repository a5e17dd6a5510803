/**
 * Runs the real CLI program in process (cli/program.ts), each test on its own SQLite file,
 * with the contract every command keeps: `--json` prints one JSON document on stdout and
 * nothing else, a failure included (`{"error": {"code", "message"}}`); without it a failure
 * exits non-zero with one line on stderr and nothing on stdout. cli/entry.test.ts spawns
 * the compiled entry itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished } from "vitest";
import { openDatabase, sqliteConnectionOf, type Db } from "@/db/client";
import type { CliContext } from "./context";
import { runCli } from "./program";

/** scrypt at N=2^15 costs ~0.1–0.4 s a hash; the hash records its cost, so sign-in still works. */
export const TEST_PASSWORD_COST = { N: 2 ** 4, r: 8, p: 1 };

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarnessOptions {
  /** Resolvers for `domain verify`, as DNS_SERVERS gives them. */
  dnsServers?: () => string[] | undefined;
}

/**
 * A fresh database file and a `cli(...args)` that runs one command line on it, as
 * `npm run admin -- ...args` would. Call it inside a test: the file goes when the test ends.
 */
export function cliHarness(options: CliHarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "admin-cli-"));
  const databasePath = join(dir, "data", "admin-center.db");
  // One connection for the CLI's commands, apart from any the test opens (the server's);
  // commands that start together share the one being opened.
  let db: Promise<Db> | undefined;
  /** What the next password prompts read, in order (`typed("…")`). */
  const passwords: string[] = [];
  const context: CliContext = {
    db: () => (db ??= openDatabase(databasePath, { migrate: true })),
    dnsServers: options.dnsServers ?? (() => undefined),
    passwordCost: TEST_PASSWORD_COST,
    readPassword: async () => {
      const next = passwords.shift();
      if (next === undefined) throw new Error("the test typed no password for this prompt");
      return next;
    },
    sessionIdleMs: () => 30 * 60_000,
  };
  const typed = (...values: string[]) => void passwords.push(...values);
  onTestFinished(async () => {
    if (db) sqliteConnectionOf(await db).close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<CliResult> {
    let stdout = "";
    let stderr = "";
    const code = await runCli(["node", "admin", ...args], context, {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    });
    return { code, stdout, stderr };
  }

  /** Success with --json: exit 0, one JSON document on stdout, nothing on stderr. */
  async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    const result = await cli(...args, "--json");
    expect(result, `${args.join(" ")}: ${result.stdout}${result.stderr}`).toMatchObject({ code: 0, stderr: "" });
    return JSON.parse(result.stdout) as T;
  }

  /** Success without --json: exit 0, readable text, nothing on stderr. */
  async function text(...args: string[]): Promise<string> {
    const result = await cli(...args);
    expect(result, `${args.join(" ")}: ${result.stderr}`).toMatchObject({ code: 0, stderr: "" });
    expect(() => JSON.parse(result.stdout)).toThrow();
    return result.stdout;
  }

  /** Failure: non-zero exit, nothing on stdout, exactly one line on stderr. */
  async function fails(pattern: RegExp, ...args: string[]): Promise<void> {
    const result = await cli(...args);
    const context = `${args.join(" ")} → ${JSON.stringify(result)}`;
    expect(result.code, context).not.toBe(0);
    expect(result.stdout, context).toBe("");
    expect(result.stderr.endsWith("\n"), context).toBe(true);
    expect(result.stderr.trimEnd().split("\n"), context).toHaveLength(1);
    expect(result.stderr, context).toMatch(pattern);
  }

  /** Failure with --json: non-zero exit, only `{"error": {code, message}}` on stdout, nothing on stderr. */
  async function failsJson(code: string, message: RegExp, ...args: string[]): Promise<void> {
    const result = await cli(...args, "--json");
    const context = `${args.join(" ")} --json → ${JSON.stringify(result)}`;
    expect(result.code, context).toBe(1);
    expect(result.stderr, context).toBe("");
    expect(JSON.parse(result.stdout), context).toEqual({ error: { code, message: expect.stringMatching(message) } });
  }

  return { databasePath, cli, json, text, fails, failsJson, typed };
}
