/**
 * Output and errors shared by every command: `--json` prints exactly one JSON document on
 * stdout, a failure included (`{"error": {"code", "message"}}`); otherwise a readable
 * line or table, and a failure is one line on stderr (`error: …`) with nothing on stdout.
 * Either way a failure exits 1, as commander's own usage errors do.
 */
import { Command, CommanderError } from "commander";
import { ZodError } from "zod";
import { classifyDatabaseError } from "@/db/client";
import { EnvError } from "@/server/env";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format-time";

export interface Output {
  /** What `--json` prints. Numbers under keys ending in `At` print as ISO 8601 times. */
  json: unknown;
  /** What a person reads. */
  text: string;
}

type Handler = (args: string[], options: Record<string, unknown>) => Output | Promise<Output>;

/**
 * Wraps a command handler for commander's `.action()`: gives it its positional arguments
 * and options and prints what it returns through the program's output (so tests capture
 * it). Errors propagate to `runCli`, which reports them.
 */
export function run(handler: Handler): (...params: unknown[]) => Promise<void> {
  return async (...params) => {
    const command = params.at(-1) as Command;
    const options = params.at(-2) as Record<string, unknown>;
    const args = params.slice(0, -2) as string[];
    const output = await handler(args, options);
    const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
    writeOut(command, json ? jsonDocument(toJson(output.json)) : `${output.text}\n`);
  };
}

function writeOut(command: Command, text: string): void {
  const write = command.configureOutput().writeOut ?? ((t: string) => process.stdout.write(t));
  write(text);
}

export const jsonDocument = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The stable `code` of a `--json` error, which scripts branch on, and its one-line message. */
export interface CliFailure {
  code: string;
  message: string;
}

/**
 * What went wrong, for the operator: AppError keeps its own code (`invalid`, `not_found`,
 * `conflict`, `forbidden`, `unauthorized`, `unavailable`); zod is `invalid_input`, commander's
 * usage errors `usage`, a write lock held too long `database_busy`.
 */
export function describeFailure(error: unknown): CliFailure {
  if (isAppError(error)) return { code: error.code, message: oneLine(error.message) };
  if (error instanceof CommanderError) {
    return { code: "usage", message: oneLine(error.message.replace(/^error: /, "")) };
  }
  if (error instanceof EnvError) return { code: "invalid_environment", message: oneLine(error.message) };
  if (error instanceof ZodError) {
    const message = error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
      .join("; ");
    return { code: "invalid_input", message: oneLine(message) };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const kind = classifyDatabaseError(error);
  if (kind === "busy") {
    return {
      code: "database_busy",
      message: "the database is busy (another process holds its write lock for too long): try again",
    };
  }
  if (kind === "unavailable") {
    return {
      code: "database_unavailable",
      message: oneLine(`the database does not answer (${String(code)}): check DATABASE_URL and that PostgreSQL is running`),
    };
  }
  if (typeof code === "string" && code.startsWith("SQLITE_")) {
    return {
      code: "database_error",
      message: oneLine(`database error (${code}): ${(error as Error).message}; check DATABASE_PATH`),
    };
  }
  return {
    code: "unexpected",
    message: oneLine(`unexpected failure: ${error instanceof Error ? error.message : String(error)}`),
  };
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/** JSON with times as ISO 8601 strings, which scripts and people read alike. */
export function toJson(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => toJson(item));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v, k)]));
  }
  if (typeof value === "number" && key.endsWith("At")) return new Date(value).toISOString();
  return value;
}

/** A time for people, as the Admin Center writes it (lib/format-time.ts): `31 Jan 2025, 14:05 UTC`, or a dash. */
export function showTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "-";
  return formatDateTime(ms);
}

export const onOff = (value: boolean): string => (value ? "on" : "off");

/** A plain text table: a header row and padded columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/**
 * A number argument as typed, for zod to judge: anything that is not a plain decimal
 * number becomes NaN, so `12abc`, `0x10` or `` get the schema's message, not a guess.
 */
export function numberArgument(raw: unknown): number {
  return typeof raw === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
}
