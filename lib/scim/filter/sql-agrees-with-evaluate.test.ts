/**
 * Property: the SQL filter compiler (to-sql.ts, what GET /Users runs) and the in-memory
 * evaluator (evaluate.ts, what PATCH value filters run) select the same users, for random
 * users written through the SCIM service and random filters over the attributes both
 * support. A disagreement is a bug in one of them (RFC 7644 §3.4.2.2 decides which).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { RESOURCE_TYPES } from "@/lib/scim/schemas";
import { createScimTestEnv, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { matchesFilter } from "./evaluate";
import { parseFilter } from "./parse";
import { compileFilter } from "./to-sql";

const ENT = SCHEMA_URNS.enterpriseUser;
const SEAT = SCHEMA_URNS.seatUser;
const User = RESOURCE_TYPES.User;

// Few characters, so that literals often hit: case pairs, a fold that grows (İ → i̇), ß,
// an astral character, the last BMP code unit, space and the punctuation of addresses.
const CHARS = ["a", "A", "b", "é", "É", "ß", "İ", "i", "😀", "\uFFFF", "\u{10FFFF}", " ", "-", "."];
const text = (maxLength = 4) => fc.array(fc.constantFrom(...CHARS), { maxLength }).map((cs) => cs.join(""));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A handful of instants, so that equality hits too. */
const INSTANTS = ["2001-02-03T04:05:06.000Z", "2020-06-01T12:00:00.000Z", "2020-06-01T12:00:00.001Z", "2031-12-31T23:59:59.999Z"];

interface GeneratedUser {
  body: Record<string, unknown>;
  created: string;
  lastModified: string;
}

const without = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// An email's local part must be a dot-atom (lib/users/email-address.ts): the generated
// text keeps its letters, with spaces and dots as hyphens and a letter so it is not empty.
const localPart = (maxLength = 3) => text(maxLength).map((s) => `e${s.replace(/[ .]/g, "-")}`);

const emailArb = fc.record({
  value: fc.oneof(localPart().map((s) => `${s}@x.example.net`), fc.constant(""), fc.constant(undefined)),
  type: maybe(fc.constantFrom("work", "home", "Work", "other")),
  primary: maybe(fc.constant(false)),
});

const userArb = (userName: string, index: number): fc.Arbitrary<GeneratedUser> =>
  fc
    .record({
      primaryLocal: localPart(),
      primaryType: maybe(fc.constantFrom("work", "home", "WORK")),
      otherEmails: fc.array(emailArb, { maxLength: 2 }),
      name: maybe(fc.record({ givenName: maybe(text()), familyName: maybe(text()), formatted: maybe(text()) })),
      displayName: maybe(text()),
      nickName: maybe(text()),
      title: maybe(text()),
      userType: maybe(fc.constantFrom("Employee", "employee", "Contractor")),
      externalId: maybe(text()),
      active: maybe(fc.boolean()),
      roles: maybe(
        fc.array(
          fc.record({ type: fc.constantFrom("LICENSED_USER", "licensed_user", "GROUP_ADMIN", "x"), value: maybe(text(2)) }),
          { maxLength: 2 },
        ),
      ),
      enterprise: maybe(
        fc.record({
          department: maybe(text()),
          employeeNumber: maybe(fc.oneof(text(2), fc.integer({ min: 0, max: 20 }).map(String))),
          manager: maybe(fc.record({ value: maybe(text(2)) })),
        }),
      ),
      seat: maybe(fc.record({ smartsheetLicensedUser: maybe(fc.boolean()), smartsheetGroupAdmin: maybe(fc.boolean()) })),
      created: fc.constantFrom(...INSTANTS),
      lastModified: fc.constantFrom(...INSTANTS),
    })
    .map((u) => {
      // The primary email must be on the plan's validated domain (example.com).
      const extra = without({
        emails: [
          without({ value: `${u.primaryLocal}${index}@example.com`, type: u.primaryType, primary: true }),
          ...u.otherEmails.map(without),
        ],
        name: u.name && without(u.name),
        displayName: u.displayName,
        nickName: u.nickName,
        title: u.title,
        userType: u.userType,
        externalId: u.externalId,
        active: u.active,
        roles: u.roles?.map(without),
        [ENT]: u.enterprise && without({ ...u.enterprise, manager: u.enterprise.manager && without(u.enterprise.manager) }),
        [SEAT]: u.seat && without(u.seat),
      });
      const schemas = [SCHEMA_URNS.user, ...(extra[ENT] ? [ENT] : []), ...(extra[SEAT] ? [SEAT] : [])];
      return { body: { ...userBody(userName, extra), schemas }, created: u.created, lastModified: u.lastModified };
    });

// ---- filters ------------------------------------------------------------------------

const STRING_ATTRS = [
  "userName",
  "USERNAME",
  "displayName",
  "name.givenName",
  "Name.FamilyName",
  "name.formatted",
  "nickName",
  "title",
  "userType",
  "externalId",
  "emails",
  "emails.value",
  "emails.type",
  "roles.value",
  "roles.type",
  `${ENT}:department`,
  `${ENT}:employeeNumber`,
  `${ENT}:manager.value`,
  `${SEAT}:seatType`,
];
const BOOLEAN_ATTRS = ["active", "emails.primary", `${SEAT}:smartsheetLicensedUser`];
const DATE_ATTRS = ["meta.created", "meta.lastModified"];
const COMPLEX_ATTRS = ["name", "emails", "roles", `${ENT}:manager`];
const STRING_OPS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
const ORDER_OPS = ["eq", "ne", "gt", "ge", "lt", "le"] as const;

/** Every string in the users' bodies, so that literals hit: as they are, changed in case, cut. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

function literalArb(generated: GeneratedUser[]): fc.Arbitrary<string> {
  const pool = [...new Set(generated.flatMap((g) => stringsIn(g.body)))];
  // Cut by code point: a lone surrogate is not a string a client can send.
  const cut = fc
    .tuple(fc.constantFrom(...pool), fc.nat(), fc.nat(), fc.constantFrom("same", "upper", "lower"))
    .map(([v, i, j, change]) => {
      const cps = Array.from(v);
      const a = i % (cps.length + 1);
      const b = a + (j % (cps.length + 1 - a));
      const part = cps.slice(a, b).join("");
      return change === "upper" ? part.toUpperCase() : change === "lower" ? part.toLowerCase() : part;
    });
  return fc.oneof(
    { weight: 3, arbitrary: text(3) },
    { weight: 3, arbitrary: fc.constantFrom(...pool) },
    { weight: 3, arbitrary: cut },
    { weight: 1, arbitrary: fc.constantFrom("Member", "Contributor", "work", "LICENSED_USER", "@example.com") },
  );
}

const str = (s: string) => JSON.stringify(s);

/** Comparisons of a value filter's element (`emails[…]`, `roles[…]`, `name[…]`). */
const elementFilter = (literal: fc.Arbitrary<string>, strings: string[], booleans: string[]) => {
  const leaf = fc.oneof(
    fc.tuple(fc.constantFrom(...strings), fc.constantFrom(...STRING_OPS), literal).map(([a, op, v]) => `${a} ${op} ${str(v)}`),
    fc.constantFrom(...strings, ...booleans).map((a) => `${a} pr`),
    ...(booleans.length > 0
      ? [fc.tuple(fc.constantFrom(...booleans), fc.constantFrom("eq", "ne"), fc.boolean()).map(([a, op, v]) => `${a} ${op} ${v}`)]
      : []),
  );
  return fc.oneof(
    leaf,
    fc.tuple(leaf, fc.constantFrom("and", "or"), leaf).map(([l, op, r]) => `${l} ${op} ${r}`),
    leaf.map((l) => `not (${l})`),
  );
};

const leafFilter = (literal: fc.Arbitrary<string>) =>
  fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...STRING_ATTRS), fc.constantFrom(...STRING_OPS), literal).map(([a, op, v]) => `${a} ${op} ${str(v)}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...BOOLEAN_ATTRS), fc.constantFrom("eq", "ne"), fc.boolean()).map(([a, op, v]) => `${a} ${op} ${v}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...DATE_ATTRS), fc.constantFrom(...ORDER_OPS), fc.constantFrom(...INSTANTS, "2020-06-01T14:00:00+02:00", "2020-06-01")).map(([a, op, v]) => `${a} ${op} ${str(v)}`) },
  { weight: 2, arbitrary: fc.constantFrom(...STRING_ATTRS, ...BOOLEAN_ATTRS, ...DATE_ATTRS, ...COMPLEX_ATTRS).map((a) => `${a} pr`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...STRING_ATTRS), fc.constantFrom("eq", "ne")).map(([a, op]) => `${a} ${op} null`) },
  { weight: 2, arbitrary: elementFilter(literal, ["value", "type"], ["primary"]).map((f) => `emails[${f}]`) },
  { weight: 1, arbitrary: elementFilter(literal, ["value", "type"], []).map((f) => `roles[${f}]`) },
  { weight: 1, arbitrary: elementFilter(literal, ["givenName", "familyName"], []).map((f) => `name[${f}]`) },
);

const filterArb = (literal: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafFilter(literal),
    fc.tuple(tie("f"), fc.constantFrom("and", "or"), tie("f")).map(([l, op, r]) => `(${l}) ${op} (${r})`),
    tie("f").map((f) => `not (${f})`),
  ),
})).f;

// ---- the property -------------------------------------------------------------------

let scim: ScimTestEnv;
beforeAll(async () => {
  scim = await createScimTestEnv();
});

/** Writes `generated` through the SCIM service; returns each user as GET renders it. */
async function writeUsers(generated: GeneratedUser[]): Promise<Record<string, unknown>[]> {
  await scim.db.execute("DELETE FROM users");
  const resources: Record<string, unknown>[] = [];
  for (const g of generated) {
    const created = await scim.call("POST", "/Users", g.body);
    expect(created.status, created.body).toBe(201);
    const id = created.json.id as string;
    // meta times are the server's own; set them so that time filters have something to tell apart.
    await scim.db.execute("UPDATE users SET created_at = ?, updated_at = ? WHERE id = ?", Date.parse(g.created), Date.parse(g.lastModified), id);
    const read = await scim.call("GET", `/Users/${id}`);
    expect(read.status, read.body).toBe(200);
    resources.push(read.json as Record<string, unknown>);
  }
  return resources;
}

async function bySql(filterText: string): Promise<string[]> {
  const compiled = compileFilter("User", parseFilter(filterText), scim.db.engine);
  return (await scim.db.rows<{ id: string }>(`SELECT id FROM users WHERE ${compiled.sql} ORDER BY id`, ...compiled.params)).map((r) => r.id);
}

function byEvaluator(resources: Record<string, unknown>[], filterText: string): string[] {
  const filter = parseFilter(filterText);
  return resources
    .filter((r) => matchesFilter(User, filter, r))
    .map((r) => r.id as string)
    .sort();
}

describe("the SQL compiler and the evaluator agree", () => {
  it("on random users written through SCIM and random filters", async () => {
    // userName is unique without regard to case; the rest of each user is free.
    const userNames = fc.uniqueArray(text(3).filter((n) => n.trim() !== ""), { minLength: 5, maxLength: 5, selector: (n) => n.toLowerCase() });
    const scenario = userNames
      .chain((names) => fc.tuple(...names.map((n, i) => userArb(n, i))))
      .chain((generated) => fc.tuple(fc.constant(generated), fc.array(filterArb(literalArb(generated)), { minLength: 1, maxLength: 12 })));
    // Filters that select some users but not all, so agreement says something.
    let compared = 0;
    let telling = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ([generated, filters]) => {
        const resources = await writeUsers(generated);
        for (const f of filters) {
          const ids = await bySql(f);
          expect(ids, f).toEqual(byEvaluator(resources, f));
          compared++;
          if (ids.length > 0 && ids.length < resources.length) telling++;
        }
      }),
      { numRuns: 150 },
    );
    expect(telling / compared).toBeGreaterThan(0.25);
  });
});

describe("disagreements the property found, fixed (RFC 7644 §3.4.2.2)", () => {
  const user = (userName: string, extra: Record<string, unknown> = {}): GeneratedUser => ({
    body: userBody(`${userName}@example.com`, extra),
    created: INSTANTS[0]!,
    lastModified: INSTANTS[0]!,
  });
  /** Both sides, by userName, and that they agree. */
  async function selected(resources: Record<string, unknown>[], filterText: string): Promise<string[]> {
    const names = new Map(resources.map((r) => [r.id as string, r.userName as string]));
    const sql = (await bySql(filterText)).map((id) => names.get(id));
    expect(sql, filterText).toEqual(byEvaluator(resources, filterText).map((id) => names.get(id)));
    return sql.filter((n): n is string => n !== undefined).sort();
  }

  it("a value filter on a single-valued complex attribute never matches a user without it (SQL did)", async () => {
    const rs = await writeUsers([user("ada", { name: { givenName: "Ada" } }), user("bo", { name: { familyName: "Ek" } }), user("cy")]);
    expect(await selected(rs, 'name[not (givenName eq "ada")]')).toEqual(["bo@example.com"]);
  });

  it('a name or email value held as "" is a value, as GET shows it (SQL read it as missing)', async () => {
    const rs = await writeUsers([
      user("ada", { name: { givenName: "" }, displayName: "" }),
      user("bo", { emails: [{ value: "bo@example.com", primary: true }, { value: "", type: "home" }] }),
      user("cy", { name: { givenName: "Cy" } }),
    ]);
    expect(await selected(rs, 'name.givenName le "b"')).toEqual(["ada@example.com"]);
    expect(await selected(rs, 'displayName eq ""')).toEqual(["ada@example.com"]);
    expect(await selected(rs, "name.givenName pr")).toEqual(["cy@example.com"]);
    expect(await selected(rs, 'emails.value eq ""')).toEqual(["bo@example.com"]);
    expect(await selected(rs, 'emails[type eq "home" and value eq ""]')).toEqual(["bo@example.com"]);
    expect(await selected(rs, 'not (emails.value eq "")')).toEqual(["ada@example.com", "cy@example.com"]);
  });

  it("strings order by code point on both sides (the evaluator compared UTF-16 units)", async () => {
    const rs = await writeUsers([user("ada", { title: "\uFFFF" }), user("bo", { title: "😀" })]);
    expect(await selected(rs, 'title lt "😀"')).toEqual(["ada@example.com"]);
    expect(await selected(rs, 'title gt "\uFFFF"')).toEqual(["bo@example.com"]);
  });

  it("sw on an indexed column finds a prefix followed by U+10FFFF (SQL's range stopped there)", async () => {
    const rs = await writeUsers([user("i\u{10FFFF}x"), user("j")]);
    expect(await selected(rs, 'userName sw "i"')).toEqual(["i\u{10FFFF}x@example.com"]);
    expect(await selected(rs, 'userName sw "\u{10FFFF}"')).toEqual([]);
  });
});
