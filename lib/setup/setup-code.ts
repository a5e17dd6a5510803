import { randomInt, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/*
 * The one-time code that opens the setup page (Jenkins' initialAdminPassword, Grafana's
 * first-run): without it, anyone who reaches a fresh or CLI-bootstrapped instance before its
 * operator could make themselves System Admin. The code itself is kept (not a hash) in a
 * 0600 file beside the database, so an operator who lost the start-up log can still read it;
 * it is only as secret as the database next to it.
 */

/** RFC 4648 base32: no 0, 1, 8 or 9, so nobody mistakes O for 0 or I for 1 when copying it. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** A fresh code, e.g. `K7QD-M2XA-P4RW` (60 bits from node:crypto). */
export function generateSetupCode(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  );
  return groups.join("-");
}

/** What a person typed, in the form the file keeps: case, spaces and dashes do not matter. */
export function normaliseSetupCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]/g, "");
  return compact.match(new RegExp(`.{1,${GROUP_LENGTH}}`, "g"))?.join("-") ?? "";
}

function readCode(file: string): string | undefined {
  try {
    const code = readFileSync(file, "utf8").trim();
    return code || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * The code in `file`, made (mode 0600) when there is none: a restart keeps the code an
 * operator may already have copied, until setup uses it.
 */
export function issueSetupCode(file: string): { code: string; created: boolean } {
  const existing = readCode(file);
  if (existing) return { code: existing, created: false };
  mkdirSync(dirname(file), { recursive: true });
  const code = generateSetupCode();
  try {
    writeFileSync(file, `${code}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process made one first: theirs is the code.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return { code: readCode(file) ?? code, created: false };
    throw error;
  }
  return { code, created: true };
}

/**
 * Whether `typed` is the code in `file`, compared in constant time. No file, no code: false
 * (setup stays closed until the server has issued one).
 */
export function checkSetupCode(file: string, typed: string): boolean {
  const expected = readCode(file);
  if (!expected) return false;
  const given = Buffer.from(normaliseSetupCode(typed));
  const wanted = Buffer.from(normaliseSetupCode(expected));
  // The length is no secret (every code has the same); timingSafeEqual needs it equal.
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Setup is done (or an admin was made another way): the code must not open anything again. */
export function discardSetupCode(file: string): void {
  rmSync(file, { force: true });
}
