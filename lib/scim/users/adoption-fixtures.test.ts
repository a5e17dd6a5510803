/**
 * Replays Okta's and Entra's request sequences for people who were on the plan before SCIM
 * (lib/scim/fixtures/idp/adoption/*.json, issue 14 §2) against a fresh SCIM service, with the
 * people set up first the way they arrive in real life (a UAP sign-in, an admin, a Guest) and
 * the Admin Center's decisions between requests.
 *
 * A fixture is an IdP sequence as in lib/scim/idp-fixtures.test.ts, plus:
 * - `setup`: { policy, people: [{ as, email, source: "uap" | "admin", signIn?, sheet?, guest? }] };
 *   each person's id is the variable `{{as}}` in the steps;
 * - steps with `admin` instead of `request`: { approve?: [ref], refuse?: [ref], policy? };
 * - `response.detailIncludes`: words the error's detail must contain (the IdP shows it to its admin);
 * - `expect`: what the plan holds afterwards, per person (source, link, seat, externalId, open
 *   sessions, sheets, the history's actions in order) and the requests and the alert.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { adoptionRequests, alerts, sessions, sheets, users, type AdoptionPolicy, type User } from "@/db/schema";
import { addGuest } from "@/lib/directory/add-guest";
import { insertPlanUser } from "@/lib/directory/insert-plan-user";
import { refuseAdoptions } from "@/lib/directory/refuse-adoption";
import { signInPlanUser } from "@/lib/directory/sign-in-plan-user";
import { updateSettings } from "@/lib/settings/update-settings";
import { createSheet } from "@/lib/workspace/create-sheet";
import { findUserByEmail, findUserById } from "@/lib/users/user-queries";
import { createScimTestEnv, scimShapeProblems, selectRows, TEST_ADMIN, type ScimTestEnv, type ScimTestResponse } from "../test-support";
import { approveAdoptions } from "./approve-adoption";

interface Person {
  as: string;
  email: string;
  source?: "uap" | "admin";
  signIn?: boolean;
  sheet?: string;
  guest?: boolean;
}

interface Step {
  name: string;
  request?: { method: string; path: string; headers?: Record<string, string>; body?: unknown };
  admin?: { approve?: string[]; refuse?: string[]; policy?: AdoptionPolicy };
  response?: { status: number; headers?: Record<string, string>; body?: unknown; absent?: string[]; detailIncludes?: string[] };
  capture?: Record<string, string>;
}

interface Expected {
  as: string;
  source: User["source"];
  linked: boolean;
  seatType?: User["seatType"];
  externalId?: string | null;
  openSessions?: number;
  sheets?: number;
  history?: string[];
}

interface Fixture {
  description: string;
  source: string;
  setup: { policy: AdoptionPolicy; people: Person[] };
  steps: Step[];
  expect: { people: Expected[]; pendingRequests?: number; requests?: number; alertOpen?: boolean };
}

const DIR = join(__dirname, "..", "fixtures", "idp", "adoption");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

function fill<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(
    JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new Error(`{{${name}}} is not set`);
      return v;
    }),
  ) as T;
}

const isUrn = (key: string) => key.startsWith("urn:");

function dig(value: unknown, path: string): unknown {
  // A schema URN has dots of its own ("2.0"): it is one segment.
  const keys = path.match(/urn:[^.]*(?:\.\d[^.]*)*|[^.]+/g) ?? [];
  return keys.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), value);
}

/** Where `actual` differs from the partial `expected` (objects by the keys given, arrays element by element). */
function differences(expected: unknown, actual: unknown, where: string): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    return expected.flatMap((e, i) => differences(e, actual[i], `${where}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return [`${where}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => differences(v, (actual as Record<string, unknown>)[k], isUrn(k) ? `${where}[${k}]` : `${where}.${k}`));
  }
  return Object.is(expected, actual) ? [] : [`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

async function setUp(db: Db, fixture: Fixture, vars: Record<string, string>, now: number): Promise<void> {
  await updateSettings(db, { uapEnabled: true, adoptionPolicy: fixture.setup.policy }, TEST_ADMIN);
  for (const person of fixture.setup.people) {
    let user: User;
    if (person.guest) user = await addGuest(db, person.email, TEST_ADMIN, now);
    else if (person.source === "uap") {
      const signedIn = await signInPlanUser(db, { email: person.email, method: "saml", now });
      if (!signedIn.ok) throw new Error(`UAP sign-in of ${person.email} refused: ${signedIn.message}`);
      user = signedIn.user;
    } else user = await insertPlanUser(db, { email: person.email, seatType: "Contributor", seatSetBy: "default", source: "admin", now });
    if (person.signIn && person.source !== "uap") throw new Error("only UAP people sign in during setup");
    if (person.source === "uap" && !person.signIn) {
      // Joined by UAP and signed out again: their session is over, they remain a UAP user.
      await db.execute("UPDATE sessions SET ended_at = ?, end_reason = 'signed-out' WHERE user_id = ?", now, user.id);
    }
    if (person.sheet) await createSheet(db, { userId: user.id, name: person.sheet, now });
    vars[person.as] = user.id;
  }
}

async function runRequest(scim: ScimTestEnv, raw: Step, vars: Record<string, string>): Promise<string[]> {
  const request = fill(raw.request!, vars);
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const response: ScimTestResponse = await scim.call(
    request.method,
    request.path,
    request.body,
    headers["content-type"] ? { contentType: headers["content-type"] } : {},
  );
  for (const [name, path] of Object.entries(raw.capture ?? {})) {
    const value = dig(response.json, path);
    if (typeof value !== "string") return [`capture ${name} from ${path}: got ${JSON.stringify(value)}`];
    vars[name] = value;
  }
  const expected = fill(raw.response!, vars);
  const problems: string[] = [];
  if (response.status !== expected.status) problems.push(`status: expected ${expected.status}, got ${response.status} ${response.body ?? ""}`);
  problems.push(...scimShapeProblems(response).map((p) => `RFC: ${p}`));
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    if (response.headers[name] !== value) problems.push(`header ${name}: expected ${value}, got ${response.headers[name]}`);
  }
  if (expected.body !== undefined) problems.push(...differences(expected.body, response.json, "body"));
  for (const path of expected.absent ?? []) {
    if (dig(response.json, path) !== undefined) problems.push(`${path} should be absent`);
  }
  for (const words of expected.detailIncludes ?? []) {
    const detail = (response.json as { detail?: string } | undefined)?.detail ?? "";
    if (!detail.includes(words)) problems.push(`detail should say "${words}": ${detail}`);
  }
  return problems;
}

async function runAdmin(db: Db, step: Step, now: number): Promise<void> {
  const { approve, refuse, policy } = step.admin!;
  if (approve) await approveAdoptions(db, approve, TEST_ADMIN, now);
  if (refuse) await refuseAdoptions(db, refuse, TEST_ADMIN, now);
  if (policy) await updateSettings(db, { adoptionPolicy: policy }, TEST_ADMIN);
}

async function personProblems(db: Db, e: Expected, id: string): Promise<string[]> {
  const user = await findUserById(db, id);
  if (!user) return [`${e.as}: gone`];
  const problems: string[] = [];
  const check = (what: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && !Object.is(expected, actual)) problems.push(`${e.as}.${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  check("source", e.source, user.source);
  check("linked", e.linked, user.scimLinkedAt !== null);
  check("seatType", e.seatType, user.seatType);
  check("externalId", e.externalId, user.externalId);
  if (e.openSessions !== undefined) {
    const open = (await selectRows(db, sessions, "user_id = ? AND ended_at IS NULL", id)).length;
    check("openSessions", e.openSessions, open);
  }
  if (e.sheets !== undefined) check("sheets", e.sheets, (await selectRows(db, sheets, "owner_id = ?", id)).length);
  if (e.history) {
    const actions = (await db.rows<{ action: string }>("SELECT action FROM activity WHERE user_id = ? ORDER BY id", id)).map((r) => r.action);
    // In order, others between them allowed: the history kept, and what the link added after it.
    let from = 0;
    for (const wanted of e.history) {
      const at = actions.indexOf(wanted, from);
      if (at < 0) problems.push(`${e.as}: history ${JSON.stringify(actions)} lacks ${wanted} (in order ${JSON.stringify(e.history)})`);
      else from = at + 1;
    }
  }
  return problems;
}

describe("adoption: Okta's and Entra's sequences for people who were on the plan before SCIM", () => {
  it("has fixtures", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    const fixture = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Fixture;
    it(file, async () => {
      expect(fixture.source).toMatch(/^https:\/\//);
      const scim = await createScimTestEnv();
      const now = Date.now();
      const vars: Record<string, string> = {};
      await setUp(scim.db, fixture, vars, now);
      for (const [i, step] of fixture.steps.entries()) {
        if (step.admin) {
          await runAdmin(scim.db, step, now);
          continue;
        }
        expect(await runRequest(scim, step, vars), `step ${i + 1} "${step.name}"`).toEqual([]);
      }
      const problems: string[] = [];
      for (const e of fixture.expect.people) problems.push(...(await personProblems(scim.db, e, vars[e.as]!)));
      const all = await selectRows(scim.db, adoptionRequests);
      const pending = all.filter((r) => r.decidedAt === null).length;
      if (fixture.expect.pendingRequests !== undefined && pending !== fixture.expect.pendingRequests) problems.push(`pending requests: ${pending}`);
      if (fixture.expect.requests !== undefined && all.length !== fixture.expect.requests) problems.push(`requests: ${all.length}`);
      if (fixture.expect.alertOpen !== undefined) {
        const open = (await selectRows(scim.db, alerts, "key = 'adoption.waiting' AND cleared_at IS NULL")).length > 0;
        if (open !== fixture.expect.alertOpen) problems.push(`adoption.waiting alert open: ${open}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it("a person the plan knows by email is found again after the link (findUserByEmail)", async () => {
    const scim = await createScimTestEnv();
    await updateSettings(scim.db, { uapEnabled: true }, TEST_ADMIN);
    const signedIn = await signInPlanUser(scim.db, { email: "zed@example.com", method: "oidc", now: Date.now() });
    expect(signedIn.ok).toBe(true);
    expect((await scim.call("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "zed@example.com", externalId: "z1" })).status).toBe(201);
    expect((await findUserByEmail(scim.db, "zed@example.com"))?.source).toBe("scim");
    expect(await selectRows(scim.db, users)).toHaveLength(1);
  });
});
