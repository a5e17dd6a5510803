import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkSetupCode, discardSetupCode, generateSetupCode, issueSetupCode, normaliseSetupCode } from "./setup-code";

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "setup-code-"));
  file = join(dir, "data", "setup-code");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("setup code", () => {
  it("is three groups of four base32 characters, different each time", () => {
    const codes = new Set(Array.from({ length: 50 }, generateSetupCode));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  });

  it("is issued once into a 0600 file and survives a restart unchanged", () => {
    const first = issueSetupCode(file);
    expect(first.created).toBe(true);
    expect(readFileSync(file, "utf8").trim()).toBe(first.code);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(issueSetupCode(file)).toEqual({ code: first.code, created: false });
  });

  it("opens setup only with the code in the file, however it is typed", () => {
    const { code } = issueSetupCode(file);
    expect(checkSetupCode(file, code)).toBe(true);
    expect(checkSetupCode(file, ` ${code.toLowerCase().replaceAll("-", " ")} `)).toBe(true);
    expect(normaliseSetupCode(code.replaceAll("-", ""))).toBe(code);
    for (const wrong of ["", "AAAA-AAAA-AAAA", code.slice(0, -1), `${code}A`]) {
      expect(checkSetupCode(file, wrong)).toBe(false);
    }
  });

  it("opens nothing once discarded, or before one was issued", () => {
    expect(checkSetupCode(file, "AAAA-AAAA-AAAA")).toBe(false);
    const { code } = issueSetupCode(file);
    discardSetupCode(file);
    expect(existsSync(file)).toBe(false);
    expect(checkSetupCode(file, code)).toBe(false);
    discardSetupCode(file); // twice is fine
    expect(issueSetupCode(file).code).not.toBe(code);
  });
});
