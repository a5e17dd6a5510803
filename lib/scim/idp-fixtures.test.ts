/**
 * Replays the identity providers' documented request sequences (lib/scim/fixtures/idp/*.json)
 * against a fresh SCIM service, step by step.
 *
 * A fixture: { description, source, steps: [{ name, request: { method, path, headers?, body? },
 * response: { status, headers?, body?, absent? }, capture? }] }.
 * - `path` is below /scim/v2, query included, exactly as the IdP sends it.
 * - `{{name}}` anywhere in a request or an expected response is a value captured by an
 *   earlier step (or by this step: captures run before the comparison).
 * - `capture`: { "userId": "id" } takes a dot path into the response body;
 *   "header:ETag" takes a response header.
 * - `response.body` is a partial match: every given key must match, arrays element by
 *   element (same length). The strings "<string>", "<number>", "<datetime>" and "<any>"
 *   match any value of that kind.
 * - `absent`: dot paths that must not be in the body (a schema URN counts as one segment).
 * Every response is also checked against RFC 7644 whatever the fixture says
 * (scimShapeProblems: content type, error bodies, ListResponse numbers, meta, ETag, Location).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createScimTestEnv, scimShapeProblems, type ScimTestEnv, type ScimTestHeaders, type ScimTestResponse } from "./test-support";

interface Step {
  name: string;
  request: { method: string; path: string; headers?: Record<string, string>; body?: unknown };
  response: { status: number; headers?: Record<string, string>; body?: unknown; absent?: string[] };
  capture?: Record<string, string>;
}

interface Fixture {
  description: string;
  source: string;
  steps: Step[];
}

const DIR = join(__dirname, "fixtures", "idp");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

/** `a.b.0.urn:…:2.0:User.c` → ["a","b","0","urn:…:2.0:User","c"]: URNs have dots ("2.0"). */
export function splitPath(path: string): string[] {
  return path.match(/urn:[^.]*(?:\.\d[^.]*)*|[^.]+/g) ?? [];
}

function at(value: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = value;
  for (const key of splitPath(path)) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

function substitute<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === "string") {
    return value.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new Error(`placeholder {{${name}}} was never captured`);
      return v;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [substitute(k, vars), substitute(v, vars)]),
    ) as T;
  }
  return value;
}

/** Where `actual` differs from the partial `expected`; empty when it matches. */
export function mismatches(expected: unknown, actual: unknown, where = "body"): string[] {
  if (typeof expected === "string") {
    switch (expected) {
      case "<any>":
        return actual === undefined ? [`${where}: missing`] : [];
      case "<string>":
        return typeof actual === "string" && actual !== "" ? [] : [`${where}: ${JSON.stringify(actual)} is not a non-empty string`];
      case "<number>":
        return typeof actual === "number" ? [] : [`${where}: ${JSON.stringify(actual)} is not a number`];
      case "<datetime>":
        return typeof actual === "string" && !Number.isNaN(Date.parse(actual)) && /T/.test(actual)
          ? []
          : [`${where}: ${JSON.stringify(actual)} is not a date-time`];
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${where}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) {
      return [`${where}: expected ${expected.length} elements, got ${actual.length}: ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((e, i) => mismatches(e, actual[i], `${where}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return [`${where}: expected an object, got ${JSON.stringify(actual)}`];
    }
    return Object.entries(expected).flatMap(([k, v]) =>
      Object.hasOwn(actual, k)
        ? mismatches(v, (actual as Record<string, unknown>)[k], `${where}.${k}`)
        : [`${where}.${k}: missing (expected ${JSON.stringify(v)})`],
    );
  }
  return Object.is(expected, actual) ? [] : [`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

function requestHeaders(headers: Record<string, string> | undefined): ScimTestHeaders {
  const out: ScimTestHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    switch (name.toLowerCase()) {
      case "authorization":
        out.authorization = value;
        break;
      case "content-type":
        out.contentType = value;
        break;
      case "if-match":
        out.ifMatch = value;
        break;
      case "if-none-match":
        out.ifNoneMatch = value;
        break;
      // User-Agent, Accept and the like do not change what the service does.
    }
  }
  return out;
}

function headerOf(response: ScimTestResponse, name: string): string | undefined {
  const key = Object.keys(response.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : response.headers[key];
}

async function runStep(scim: ScimTestEnv, raw: Step, vars: Record<string, string>): Promise<string[]> {
  const request = substitute(raw.request, vars);
  const response = await scim.call(request.method, request.path, request.body, requestHeaders(request.headers));
  for (const [name, path] of Object.entries(raw.capture ?? {})) {
    const value = path.startsWith("header:") ? headerOf(response, path.slice(7)) : at(response.json, path).value;
    if (typeof value !== "string") return [`capture ${name} from ${path}: got ${JSON.stringify(value)}`];
    vars[name] = value;
  }
  const expected = substitute(raw.response, vars);
  const problems: string[] = [];
  if (response.status !== expected.status) {
    problems.push(`status: expected ${expected.status}, got ${response.status} ${response.body ?? ""}`);
  }
  const projected = /[?&](attributes|excludedAttributes)=/.test(request.path);
  problems.push(...scimShapeProblems(response, projected).map((p) => `RFC: ${p}`));
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const actual = headerOf(response, name);
    if (actual !== value) problems.push(`header ${name}: expected ${value}, got ${actual}`);
  }
  if (expected.body !== undefined) problems.push(...mismatches(expected.body, response.json));
  for (const path of expected.absent ?? []) {
    if (at(response.json, path).found) problems.push(`${path}: should be absent, is ${JSON.stringify(at(response.json, path).value)}`);
  }
  return problems;
}

describe("IdP request sequences replayed against the SCIM service", () => {
  it("has fixtures", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    const fixture = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Fixture;
    it(file, async () => {
      expect(fixture.source).toMatch(/^https:\/\//);
      const scim = await createScimTestEnv();
      const vars: Record<string, string> = {};
      for (const [i, step] of fixture.steps.entries()) {
        const problems = await runStep(scim, step, vars);
        expect(problems, `step ${i + 1} "${step.name}" (${step.request.method} ${step.request.path})`).toEqual([]);
      }
    });
  }
});

describe("the fixture matcher itself", () => {
  it("matches partially, arrays element-wise, and reports differences", () => {
    expect(mismatches({ a: 1, b: [{ c: "x" }] }, { a: 1, b: [{ c: "x", d: 2 }], e: 3 })).toEqual([]);
    expect(mismatches({ b: [{ c: "x" }] }, { b: [{ c: "x" }, { c: "y" }] })).toHaveLength(1);
    expect(mismatches({ a: "1" }, { a: 1 })).toHaveLength(1);
    expect(mismatches({ a: "<number>", t: "<datetime>" }, { a: 2, t: "2020-01-01T00:00:00Z" })).toEqual([]);
    expect(mismatches({ a: "<number>" }, { a: "2" })).toHaveLength(1);
    expect(mismatches({ missing: 1 }, {})).toHaveLength(1);
  });

  it("splits paths with schema URNs as one segment", () => {
    expect(splitPath("Resources.0.urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager")).toEqual([
      "Resources",
      "0",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      "manager",
    ]);
  });
});
