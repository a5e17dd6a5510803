/**
 * Spawning the real CLI (`tsx cli/index.ts`) in tests, with the contract every command
 * keeps (issue 2): `--json` prints one JSON document on stdout and nothing else; a failure
 * exits non-zero with one line on stderr and nothing on stdout.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

/** Spawns take about a second each on this machine; tests that spawn many use this timeout. */
export const SLOW = 120_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function createCliRunner(environment: () => Record<string, string>) {
  function cli(...args: string[]): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...environment(), NODE_ENV: "test" };
    delete env.NODE_OPTIONS;
    return new Promise((resolve) => {
      execFile(TSX, ["cli/index.ts", ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Success with --json: exit 0, one JSON document on stdout, nothing on stderr. */
  async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    const result = await cli(...args, "--json");
    expect(result, `${args.join(" ")}: ${result.stderr}`).toMatchObject({ code: 0, stderr: "" });
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

  return { cli, json, text, fails };
}
