import { describe, expect, it } from "vitest";
import { ScimError } from "@/lib/scim/errors";
import { RESOURCE_TYPES, type AttributeDef } from "@/lib/scim/schemas";
import { matchesFilter, matchesValueFilter } from "./evaluate";
import { parseFilter } from "./parse";
import { thrownBy } from "@/lib/testing/thrown-by";

const User = RESOURCE_TYPES.User;
const Group = RESOURCE_TYPES.Group;
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SEAT = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";

const attrDef = (name: string): AttributeDef => {
  const def = [...User.schema.attributes, ...Group.schema.attributes].find((a) => a.name === name);
  if (!def) throw new Error(name);
  return def;
};

const bjensen = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
  id: "2819c223-7f76-453a-919d-413861904646",
  externalId: "Bjensen-EXT",
  userName: "bjensen@example.com",
  name: { familyName: "Jensen", givenName: "Barbara" },
  title: "Tour Guide",
  userType: "Employee",
  active: true,
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" },
  ],
  roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }],
  meta: { created: "2010-01-23T04:56:22Z", lastModified: "2011-05-13T04:42:34Z", version: 'W/"3"' },
  [ENT]: { department: "Tour Operations", manager: { value: "26118915" } },
  [SEAT]: { seatType: "Member", smartsheetLicensedUser: true },
};

const match = (filter: string, resource: Record<string, unknown> = bjensen) =>
  matchesFilter(User, parseFilter(filter), resource);

const errorOf = (fn: () => unknown): ScimError => thrownBy(ScimError, fn);

describe("matchesFilter on a whole resource", () => {
  it.each([
    ['userName eq "BJENSEN@example.com"', true],
    ['USERNAME Eq "bjensen@example.com"', true],
    ['userName eq "other"', false],
    [`name.familyName co "ENS"`, true],
    ['userName sw "bj"', true],
    ['userName ew ".COM"', true],
    ['userName ew ".org"', false],
    ["title pr", true],
    ["nickName pr", false],
    ['meta.lastModified gt "2011-05-13T04:42:33Z"', true],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', true],
    ['meta.lastModified lt "2011-05-13T04:42:34.001Z"', true],
    ['meta.lastModified le "2011-05-12"', false],
    ['title pr and userType eq "Employee"', true],
    ['title pr and userType eq "Intern"', false],
    ['nickName pr or userType eq "employee"', true],
    [`schemas eq "${ENT}"`, true],
    ['schemas eq "urn:example:other"', false],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
    ['userType eq "Employee" and (emails.type eq "work")', true],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true],
    ['emails[type eq "work"].value eq "bjensen@example.com"', true],
    ["emails[primary eq true]", true],
    ['emails[not (type eq "work")]', true],
    // ne is "not eq": a missing attribute is not equal to anything.
    ['nickName ne "x"', true],
    ['title ne "tour guide"', false],
    ['emails.type ne "home"', false],
    ["nickName eq null", true],
    ["title ne null", true],
    ["title eq null", false],
    // caseExact attributes (id, externalId, seatType) compare exactly.
    ['externalId eq "Bjensen-EXT"', true],
    ['externalId eq "bjensen-ext"', false],
    ['externalId co "EXT"', true],
    [`${SEAT}:seatType eq "member"`, false],
    [`${SEAT}:seatType eq "Member"`, true],
    [`${SEAT}:smartsheetLicensedUser eq true`, true],
    [`${SEAT}:smartsheetLicensedUser eq "True"`, true],
    [`${SEAT}:smartsheetGroupAdmin eq true`, false],
    [`${ENT}:department eq "tour operations"`, true],
    [`${ENT}:manager.value eq "26118915"`, true],
    [`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName sw "barb"`, true],
    ["active eq true", true],
    ["active ne true", false],
    ['roles[value eq "licensed_user"]', true],
    ['title gt "Tour"', true],
    ['title lt "Tour"', false],
    ["name pr", true],
    ["emails pr", true],
    ["phoneNumbers pr", false],
    ['not (userName eq "x")', true],
  ])("%s → %s", (filter, expected) => {
    expect(match(filter)).toBe(expected);
  });

  it("treats an empty string, empty array and empty object as not present", () => {
    const r = { ...bjensen, title: "", emails: [], name: { givenName: null } };
    expect(match("title pr", r)).toBe(false);
    expect(match("emails pr", r)).toBe(false);
    expect(match("name pr", r)).toBe(false);
  });

  it("rejects operators that do not apply to the type, naming the attribute", () => {
    for (const [filter, message] of [
      ["active gt true", /'gt' cannot be applied to the boolean attribute 'active'/],
      ["active co true", /'co' cannot be applied to the boolean attribute/],
      ['active eq "yes"', /'active' is a boolean/],
      ['meta.lastModified gt "yesterday"', /is a dateTime.*RFC 3339/],
      ['meta.lastModified co "2011"', /cannot be applied to the dateTime/],
      ['name eq "x"', /'name' is a complex attribute/],
      ['title gt null', /only 'eq null' and 'ne null'/],
      ['nickname2 eq "x"', /Unknown attribute 'nickname2'/],
      [`${ENT}:nope eq "x"`, /Unknown attribute 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope'/],
      ['name.nope eq "x"', /Unknown attribute 'name.nope'/],
      ['emails[nope eq "x"]', /Unknown attribute 'nope'.*sub-attribute of 'emails'/],
    ] as const) {
      const error = errorOf(() => match(filter));
      expect(error.scimType).toBe("invalidFilter");
      expect(error.detail).toMatch(message);
    }
  });
});

describe("value filters against one element (the PATCH engine's use)", () => {
  const emails = attrDef("emails");
  const members = attrDef("members");

  it("matchesValueFilter resolves names among the parent's sub-attributes", () => {
    const work = { type: "work", value: "a@acme.com", primary: true };
    const home = { type: "home", value: "a@home.org" };
    const f = parseFilter('type eq "WORK" and value co "@acme"');
    expect(matchesValueFilter(User, emails, f, work)).toBe(true);
    expect(matchesValueFilter(User, emails, f, home)).toBe(false);
    expect(matchesValueFilter(User, emails, parseFilter("primary eq true"), home)).toBe(false);
    expect(matchesValueFilter(Group, members, parseFilter('value eq "u1"'), { value: "u1" })).toBe(true);
    expect(matchesValueFilter(Group, members, parseFilter('value eq "u2"'), { value: "u1" })).toBe(false);
  });

  it("matchesFilter without a parent falls back to sub-attribute names", () => {
    expect(matchesFilter(Group, parseFilter('value eq "u1"'), { value: "u1", display: "A" })).toBe(true);
    expect(matchesFilter(User, parseFilter('type eq "work"'), { type: "work", value: "x" })).toBe(true);
    expect(matchesFilter(User, parseFilter('type eq "work"'), { type: "home", value: "x" })).toBe(false);
    // Roles: Okta finds an entry by its type (docs/product.md §2).
    expect(
      matchesFilter(User, parseFilter('type eq "LICENSED_USER"'), { type: "LICENSED_USER", value: "" }),
    ).toBe(true);
  });

  it("matchesFilter with a parent is strict", () => {
    const error = errorOf(() => matchesFilter(User, parseFilter('userName eq "x"'), {}, emails));
    expect(error.detail).toMatch(/sub-attribute of 'emails'/);
  });
});
