import { describe, expect, it } from "vitest";
import { ScimError } from "@/lib/scim/errors";
import type { Filter } from "./ast";
import { parseFilter, parsePatchPath } from "./parse";
import { thrownBy } from "@/lib/testing/thrown-by";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

const cmp = (attr: string, op: string, value: unknown, sub?: string, schema?: string): Filter =>
  ({
    kind: "compare",
    path: { ...(schema ? { schema } : {}), attr, ...(sub ? { sub } : {}) },
    op,
    value,
  }) as Filter;
const pr = (attr: string, sub?: string): Filter => ({
  kind: "present",
  path: { attr, ...(sub ? { sub } : {}) },
});

const errorOf = (fn: () => unknown): ScimError => thrownBy(ScimError, fn);

describe("parseFilter: the examples of RFC 7644 §3.4.2.2 (Figure 2)", () => {
  const cases: [string, Filter][] = [
    ['userName eq "bjensen"', cmp("userName", "eq", "bjensen")],
    [`name.familyName co "O'Malley"`, cmp("name", "co", "O'Malley", "familyName")],
    ['userName sw "J"', cmp("userName", "sw", "J")],
    [`${CORE}:userName sw "J"`, cmp("userName", "sw", "J", undefined, CORE)],
    ["title pr", pr("title")],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', cmp("meta", "gt", "2011-05-13T04:42:34Z", "lastModified")],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', cmp("meta", "ge", "2011-05-13T04:42:34Z", "lastModified")],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', cmp("meta", "lt", "2011-05-13T04:42:34Z", "lastModified")],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', cmp("meta", "le", "2011-05-13T04:42:34Z", "lastModified")],
    [
      'title pr and userType eq "Employee"',
      { kind: "and", left: pr("title"), right: cmp("userType", "eq", "Employee") },
    ],
    [
      'title pr or userType eq "Intern"',
      { kind: "or", left: pr("title"), right: cmp("userType", "eq", "Intern") },
    ],
    [`schemas eq "${ENT}"`, cmp("schemas", "eq", ENT)],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      {
        kind: "and",
        left: cmp("userType", "eq", "Employee"),
        right: {
          kind: "or",
          left: cmp("emails", "co", "example.com"),
          right: cmp("emails", "co", "example.org", "value"),
        },
      },
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      {
        kind: "and",
        left: cmp("userType", "ne", "Employee"),
        right: {
          kind: "not",
          filter: {
            kind: "or",
            left: cmp("emails", "co", "example.com"),
            right: cmp("emails", "co", "example.org", "value"),
          },
        },
      },
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      { kind: "and", left: cmp("userType", "eq", "Employee"), right: cmp("emails", "eq", "work", "type") },
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and\n  value co "@example.com"]',
      {
        kind: "and",
        left: cmp("userType", "eq", "Employee"),
        right: {
          kind: "valuePath",
          path: { attr: "emails" },
          filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("value", "co", "@example.com") },
        },
      },
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      {
        kind: "or",
        left: {
          kind: "valuePath",
          path: { attr: "emails" },
          filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("value", "co", "@example.com") },
        },
        right: {
          kind: "valuePath",
          path: { attr: "ims" },
          filter: { kind: "and", left: cmp("type", "eq", "xmpp"), right: cmp("value", "co", "@foo.com") },
        },
      },
    ],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });
});

describe("parseFilter: grammar", () => {
  it("gives not precedence over and, and and over or", () => {
    expect(parseFilter("a pr or b pr and not c pr")).toEqual({
      kind: "or",
      left: pr("a"),
      right: { kind: "and", left: pr("b"), right: { kind: "not", filter: pr("c") } },
    });
    expect(parseFilter("a pr and b pr or c pr")).toEqual({
      kind: "or",
      left: { kind: "and", left: pr("a"), right: pr("b") },
      right: pr("c"),
    });
  });

  it("lets parentheses override precedence", () => {
    expect(parseFilter("a pr and (b pr or c pr)")).toEqual({
      kind: "and",
      left: pr("a"),
      right: { kind: "or", left: pr("b"), right: pr("c") },
    });
    expect(parseFilter("((a pr))")).toEqual(pr("a"));
  });

  it("is left-associative", () => {
    expect(parseFilter("a pr or b pr or c pr")).toEqual({
      kind: "or",
      left: { kind: "or", left: pr("a"), right: pr("b") },
      right: pr("c"),
    });
  });

  it("reads operators and keywords case-insensitively, keeping attribute names as written", () => {
    expect(parseFilter('UserName Eq "john" AND title PR OR NOT (x Ne TRUE)')).toEqual({
      kind: "or",
      left: { kind: "and", left: cmp("UserName", "eq", "john"), right: pr("title") },
      right: { kind: "not", filter: cmp("x", "ne", true) },
    });
  });

  it("parses every comparison operator", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      expect(parseFilter(`title ${op} "x"`)).toEqual(cmp("title", op, "x"));
    }
  });

  it("parses JSON literals with escapes", () => {
    expect(parseFilter('a eq "say \\"hi\\" \\\\ \\u00e9\\n"')).toEqual(cmp("a", "eq", 'say "hi" \\ é\n'));
    expect(parseFilter('a eq "a ) and b eq ("')).toEqual(cmp("a", "eq", "a ) and b eq ("));
    expect(parseFilter("a eq 42")).toEqual(cmp("a", "eq", 42));
    expect(parseFilter("a eq -1.5e3")).toEqual(cmp("a", "eq", -1500));
    expect(parseFilter("a eq true")).toEqual(cmp("a", "eq", true));
    expect(parseFilter("a eq false")).toEqual(cmp("a", "eq", false));
    expect(parseFilter("a eq null")).toEqual(cmp("a", "eq", null));
    expect(parseFilter('a eq ""')).toEqual(cmp("a", "eq", ""));
  });

  it("parses schema-qualified paths, extension sub-attributes included", () => {
    expect(parseFilter(`${ENT}:department eq "Sales"`)).toEqual(cmp("department", "eq", "Sales", undefined, ENT));
    expect(parseFilter(`${ENT}:manager.value eq "26118915"`)).toEqual(
      cmp("manager", "eq", "26118915", "value", ENT),
    );
    expect(parseFilter(`${CORE}:name.familyName eq "Jensen"`)).toEqual(
      cmp("name", "eq", "Jensen", "familyName", CORE),
    );
    // The URN is matched case-insensitively and normalised to the schema id.
    expect(parseFilter(`${ENT.toUpperCase()}:department pr`)).toEqual({
      kind: "present",
      path: { schema: ENT, attr: "department" },
    });
  });

  it("splits an unknown URN at its last colon, for resolution to reject by name", () => {
    expect(parseFilter('urn:example:custom:2.0:User:foo eq "x"')).toEqual(
      cmp("foo", "eq", "x", undefined, "urn:example:custom:2.0:User"),
    );
  });

  it("accepts value paths inside and/or/not and parentheses", () => {
    expect(parseFilter('not (emails[type eq "work"]) and (members[value eq "1"] or x pr)')).toEqual({
      kind: "and",
      left: {
        kind: "not",
        filter: { kind: "valuePath", path: { attr: "emails" }, filter: cmp("type", "eq", "work") },
      },
      right: {
        kind: "or",
        left: { kind: "valuePath", path: { attr: "members" }, filter: cmp("value", "eq", "1") },
        right: pr("x"),
      },
    });
  });

  it("reads Entra ID's emails[type eq \"work\"].value eq \"x\" as one value filter", () => {
    expect(parseFilter('emails[type eq "work"].value eq "x@acme.com"')).toEqual({
      kind: "valuePath",
      path: { attr: "emails" },
      filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("value", "eq", "x@acme.com") },
    });
  });

  it("accepts $ref as a sub-attribute and extra whitespace", () => {
    expect(parseFilter("  members.$ref   pr  ")).toEqual(pr("members", "$ref"));
    expect(parseFilter('emails[ type eq "work" ]')).toEqual({
      kind: "valuePath",
      path: { attr: "emails" },
      filter: cmp("type", "eq", "work"),
    });
  });
});

describe("parseFilter: malformed input", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["   ", /empty/],
    ["userName", /expected an operator .* after 'userName', found end of filter at position 9/],
    ['userName foo "x"', /expected an operator .* found 'foo' at position 10/],
    ["userName eq", /expected a value after 'eq'.* found end of filter at position 12/],
    ["userName eq bjensen", /expected a value .* found 'bjensen' at position 13/],
    ["userName eq 'bjensen'", /expected a value .* found ''' at position 13/],
    ['userName eq "bjensen', /unterminated string.* at position 13/],
    ['userName eq "a\\q"', /invalid JSON string .* at position 13/],
    ['userName eq "a" and', /expected an attribute name, found end of filter at position 20/],
    ['userName eq "a" or or b pr', /expected an attribute name|expected an operator/],
    ['(userName eq "a"', /expected '\)' to close the '\(' at position 1, found end of filter/],
    ['userName eq "a")', /unmatched '\)' at position 16/],
    ['userName eq "a" userName eq "b"', /'userName' where 'and', 'or' or the end of the filter was expected at position 17/],
    ['emails[type eq "work"', /expected '\]' to close the '\[' at position 7/],
    ["emails[]", /empty value filter/],
    ['emails[type eq "work"]]', /unmatched '\]'/],
    ["a[b[c pr]]", /cannot be nested/],
    ['name.familyName[x eq "y"]', /not to the sub-attribute 'name.familyName'/],
    ["a.b.c pr", /only one level of sub-attribute/],
    ["a. pr", /invalid attribute name 'a.'/],
    ["1abc pr", /expected an attribute name|invalid attribute name/],
    ["foo:bar pr", /starts with 'urn:'/],
    [`${ENT} pr`, /is a schema; name one of its attributes/],
    [`${ENT}: pr`, /expected an attribute name after the schema/],
    ["a eq 01", /invalid number/],
    ["a eq 1x", /invalid number/],
    ["a gt", /expected a value after 'gt'/],
    ["not", /expected an expression after 'not'/],
    ['and a eq "x"', /expected an operator .* after 'and'/],
  ];
  it.each(cases)("%j", (text, message) => {
    const error = errorOf(() => parseFilter(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidFilter");
    expect(error.detail).toMatch(message);
  });
});

describe("parsePatchPath (RFC 7644 §3.5.2)", () => {
  it("parses attribute paths", () => {
    expect(parsePatchPath("members")).toEqual({ path: { attr: "members" } });
    expect(parsePatchPath("name.familyName")).toEqual({ path: { attr: "name", sub: "familyName" } });
    expect(parsePatchPath(`${ENT}:manager`)).toEqual({ path: { schema: ENT, attr: "manager" } });
    expect(parsePatchPath(`${ENT}:manager.value`)).toEqual({
      path: { schema: ENT, attr: "manager", sub: "value" },
    });
  });

  it("parses value paths, with and without a trailing sub-attribute", () => {
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toEqual({
      path: { attr: "members" },
      filter: cmp("value", "eq", "2819c223-7f76-453a-919d-413861904646"),
    });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: { attr: "emails" },
      filter: cmp("type", "eq", "work"),
      subAttr: "value",
    });
    expect(parsePatchPath('addresses[type eq "work" and primary eq true].streetAddress')).toEqual({
      path: { attr: "addresses" },
      filter: { kind: "and", left: cmp("type", "eq", "work"), right: cmp("primary", "eq", true) },
      subAttr: "streetAddress",
    });
  });

  it("returns attr '' for a bare extension URN (the whole extension)", () => {
    expect(parsePatchPath(ENT)).toEqual({ path: { schema: ENT, attr: "" } });
  });

  const bad: [string, RegExp][] = [
    ["", /empty/],
    ['members[value eq "x"', /expected '\]' to close/],
    ["members[value eq x]", /expected a value/],
    ['members[value eq "x"].', /expected a sub-attribute name/],
    ['members[value eq "x"] extra', /unexpected 'extra' after the path/],
    ["members value", /unexpected 'value' after the path/],
    ["a.b.c", /only one level/],
    ["[x eq 1]", /expected an attribute name/],
  ];
  it.each(bad)("rejects %j with invalidPath", (text, message) => {
    const error = errorOf(() => parsePatchPath(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidPath");
    expect(error.detail).toMatch(message);
  });
});
