import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScimError, type ScimType } from "@/lib/scim/errors";
import { normalizeResource, toBoolean } from "@/lib/scim/normalize";
import {
  RESOURCE_TYPES,
  type AttributeDef,
  type ResourceTypeDef,
} from "@/lib/scim/schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { thrownBy } from "@/lib/testing/thrown-by";

const User = RESOURCE_TYPES.User;
const Group = RESOURCE_TYPES.Group;
const USER = SCHEMA_URNS.user;
const ENT = SCHEMA_URNS.enterpriseUser;
const SEAT = SCHEMA_URNS.seatUser;

const scimErrorOf = (fn: () => unknown): ScimError => thrownBy(ScimError, fn);

function expectScimError(fn: () => unknown, scimType: ScimType, detailPart: string) {
  const error = scimErrorOf(fn);
  expect(error.status).toBe(400);
  expect(error.scimType).toBe(scimType);
  expect(error.detail).toContain(detailPart);
}

const user = (body: Record<string, unknown>) =>
  normalizeResource(User, { schemas: [USER], ...body }, { mode: "create" });

interface NormalizeFixture {
  description: string;
  source: string;
  resourceType: "User" | "Group";
  mode: "create" | "replace";
  request: unknown;
  expected: { resource: Record<string, unknown> };
}

describe("normalizeResource: documented IdP requests (lib/scim/fixtures/normalize)", () => {
  const dir = fileURLToPath(new URL("./fixtures/normalize/", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

  it("has the fixtures", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    const fixture = JSON.parse(readFileSync(`${dir}${file}`, "utf8")) as NormalizeFixture;
    it(`${file}: ${fixture.description}`, () => {
      expect(fixture.source).toMatch(/https:\/\/|docs\/product\.md/);
      const rt = RESOURCE_TYPES[fixture.resourceType];
      const before = structuredClone(fixture.request);
      const result = normalizeResource(rt, fixture.request, { mode: fixture.mode });
      expect(result).toEqual(fixture.expected.resource);
      expect(fixture.request).toEqual(before);
    });
  }
});

describe("normalizeResource: canonical names", () => {
  it("maps attribute and sub-attribute names to schema case (RFC 7643 §2.1)", () => {
    const result = user({
      UserName: "ada@example.com",
      NAME: { givenname: "Ada", FAMILYNAME: "Lovelace" },
      EMAILS: [{ VALUE: "ada@example.com", Type: "work", PRIMARY: true }],
      ACTIVE: false,
    });
    expect(result).toEqual({
      userName: "ada@example.com",
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ value: "ada@example.com", type: "work", primary: true }],
      active: false,
    });
  });

  it("puts extension attributes under the exact schema URN, whatever case the key had", () => {
    const result = normalizeResource(
      User,
      {
        schemas: [USER, ENT],
        userName: "ada@example.com",
        [ENT.toUpperCase()]: { DEPARTMENT: "R&D", manager: { value: "m1", displayName: "Boss" } },
      },
      { mode: "create" },
    );
    // manager.displayName is readOnly: dropped (RFC 7644 §3.3).
    expect(result).toEqual({
      userName: "ada@example.com",
      [ENT]: { department: "R&D", manager: { value: "m1" } },
    });
  });

  it("accepts URN-qualified and dotted attribute keys", () => {
    const result = user({
      userName: "ada@example.com",
      [`${ENT}:department`]: "R&D",
      "name.givenName": "Ada",
      name: { familyName: "Lovelace" },
    });
    expect(result).toEqual({
      userName: "ada@example.com",
      name: { givenName: "Ada", familyName: "Lovelace" },
      [ENT]: { department: "R&D" },
    });
  });

  it("refuses an attribute given twice in different case", () => {
    expectScimError(
      () => user({ userName: "a@example.com", UserName: "b@example.com" }),
      "invalidValue",
      "'userName' is given twice",
    );
  });
});

describe("normalizeResource: what is dropped", () => {
  it("drops id, meta, groups, password, schemas and the seat extension's readOnly attributes", () => {
    const result = normalizeResource(
      User,
      {
        schemas: [USER, SEAT],
        id: "client-chosen",
        meta: { created: "not a date" },
        groups: [{ value: "g1" }],
        password: "hunter2",
        userName: "ada@example.com",
        [SEAT]: { seatType: "Member", reviewEndsAt: "2030-01-01T00:00:00Z", smartsheetGroupAdmin: true },
      },
      { mode: "replace" },
    );
    expect(result).toEqual({ userName: "ada@example.com", [SEAT]: { smartsheetGroupAdmin: true } });
  });

  it("leaves out an extension emptied by dropped readOnly attributes", () => {
    const result = normalizeResource(
      User,
      { schemas: [USER], userName: "ada@example.com", [SEAT]: { seatType: "Guest" } },
      { mode: "replace" },
    );
    expect(result).toEqual({ userName: "ada@example.com" });
  });

  it("treats null, [] and {} as unassigned (RFC 7643 §2.5)", () => {
    const result = user({ userName: "ada@example.com", title: null, emails: [], name: {}, [ENT]: null });
    expect(result).toEqual({ userName: "ada@example.com" });
  });

  it("ignores attributes under an extension URN this service does not define", () => {
    const custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
    const result = normalizeResource(
      User,
      { schemas: [USER, custom], userName: "ada@example.com", [custom]: { CustomAttribute: "701984" } },
      { mode: "create" },
    );
    expect(result).toEqual({ userName: "ada@example.com" });
  });
});

describe("normalizeResource: errors", () => {
  it("requires a JSON object", () => {
    expectScimError(() => normalizeResource(User, [], { mode: "create" }), "invalidSyntax", "JSON object");
  });

  it("requires schemas with the core schema (RFC 7643 §3)", () => {
    expectScimError(
      () => normalizeResource(User, { userName: "a@example.com" }, { mode: "create" }),
      "invalidValue",
      'no "schemas"',
    );
    expectScimError(
      () => normalizeResource(User, { schemas: USER, userName: "a@example.com" }, { mode: "create" }),
      "invalidSyntax",
      "array of schema URN strings",
    );
    expectScimError(
      () => normalizeResource(User, { schemas: [SCHEMA_URNS.group], userName: "a@example.com" }, { mode: "create" }),
      "invalidValue",
      `must include "${USER}"`,
    );
  });

  it("accepts the core schema URN in any case", () => {
    expect(
      normalizeResource(User, { schemas: [USER.toUpperCase()], userName: "a@example.com" }, { mode: "create" }),
    ).toEqual({ userName: "a@example.com" });
  });

  it("names an unknown attribute of a schema we define", () => {
    expectScimError(() => user({ userName: "a@example.com", userNmae: "x" }), "invalidValue", "'userNmae'");
    expectScimError(
      () => user({ userName: "a@example.com", [ENT]: { departmnet: "R&D" } }),
      "invalidValue",
      `'${ENT}:departmnet'`,
    );
    expectScimError(
      () => user({ userName: "a@example.com", name: { givenName: "A", nickname: "x" } }),
      "invalidValue",
      "'name' has no sub-attribute 'nickname'",
    );
  });

  it("refuses a schema of another resource type", () => {
    expectScimError(
      () => user({ userName: "a@example.com", [SCHEMA_URNS.group]: { displayName: "x" } }),
      "invalidValue",
      "does not apply to a User",
    );
  });

  it("requires userName for a User and displayName for a Group", () => {
    expectScimError(() => user({ displayName: "Ada" }), "invalidValue", "'userName' is required");
    expectScimError(() => user({ userName: "  " }), "invalidValue", "'userName' is required");
    expectScimError(
      () => normalizeResource(Group, { schemas: [SCHEMA_URNS.group] }, { mode: "create" }),
      "invalidValue",
      "'displayName' is required for a Group",
    );
  });

  it("checks types and names the attribute", () => {
    expectScimError(() => user({ userName: 42 }), "invalidValue", "'userName' must be a string; got 42");
    expectScimError(() => user({ userName: "a@example.com", active: "yes" }), "invalidValue", "'active' must be a boolean");
    expectScimError(
      () => user({ userName: "a@example.com", emails: { value: "a@example.com" } }),
      "invalidValue",
      "'emails' must be a JSON array",
    );
    expectScimError(
      () => user({ userName: "a@example.com", emails: [{ value: "a@example.com" }, { value: 7 }] }),
      "invalidValue",
      "'emails[1].value' must be a string",
    );
    expectScimError(
      () => user({ userName: "a@example.com", emails: [null] }),
      "invalidValue",
      "'emails[0]' is null",
    );
    expectScimError(() => user({ userName: "a@example.com", name: "Ada" }), "invalidValue", "'name' must be an object");
    expectScimError(
      () => user({ userName: "a@example.com", [SEAT]: { smartsheetLicensedUser: "maybe" } }),
      "invalidValue",
      `'${SEAT}:smartsheetLicensedUser' must be a boolean`,
    );
  });

  it("allows at most one primary value (RFC 7643 §2.4)", () => {
    expectScimError(
      () =>
        user({
          userName: "a@example.com",
          emails: [
            { value: "a@example.com", primary: true },
            { value: "b@example.com", primary: "True" },
          ],
        }),
      "invalidValue",
      "'emails' has 2 values with \"primary\": true",
    );
  });
});

describe("normalizeResource: attribute types", () => {
  const def = (name: string, type: AttributeDef["type"]): AttributeDef => ({
    name,
    type,
    multiValued: false,
    description: name,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
  });
  const rt: ResourceTypeDef = {
    name: "User",
    endpoint: "/Users",
    description: "test",
    schema: {
      id: USER,
      name: "T",
      description: "types",
      attributes: [
        def("count", "integer"),
        def("ratio", "decimal"),
        def("when", "dateTime"),
        def("cert", "binary"),
        def("link", "reference"),
      ],
    },
    extensions: [],
  };
  const body = (extra: Record<string, unknown>) => normalizeResource(rt, { schemas: [USER], ...extra }, { mode: "create" });

  it("accepts valid values", () => {
    expect(body({ count: 3, ratio: 0.5, when: "2011-05-13T04:42:34Z", cert: "TUlJREFEQ0NBcFdn", link: "https://x" })).toEqual({
      count: 3,
      ratio: 0.5,
      when: "2011-05-13T04:42:34Z",
      cert: "TUlJREFEQ0NBcFdn",
      link: "https://x",
    });
  });

  it("refuses invalid ones", () => {
    expectScimError(() => body({ count: 1.5 }), "invalidValue", "'count' must be an integer");
    expectScimError(() => body({ ratio: "1" }), "invalidValue", "'ratio' must be a number");
    expectScimError(() => body({ when: "05-17-2018 00:00:00" }), "invalidValue", "'when' must be an RFC 3339 date-time");
    expectScimError(() => body({ when: "2011-13-45T04:42:34Z" }), "invalidValue", "'when' must be an RFC 3339");
    expectScimError(() => body({ cert: "not base64!" }), "invalidValue", "'cert' must be a base64");
    expectScimError(() => body({ link: 5 }), "invalidValue", "'link' must be a string holding a URI");
  });
});

describe("normalizeResource: Group members", () => {
  const group = (members: unknown) =>
    normalizeResource(Group, { schemas: [SCHEMA_URNS.group], displayName: "G", members }, { mode: "replace" });

  it("keeps the ids, once each", () => {
    expect(group([{ value: "a" }, { value: "b", type: "User" }, { value: "a" }])).toEqual({
      displayName: "G",
      members: [{ value: "a" }, { value: "b" }],
    });
  });

  it("requires a value on each member", () => {
    expectScimError(() => group([{ display: "x" }]), "invalidValue", "'members[0]' must have a \"value\"");
    expectScimError(() => group([{ value: "" }]), "invalidValue", "'members[0]' must have a \"value\"");
  });

  it("refuses a member that is a group", () => {
    expectScimError(() => group([{ value: "g2", type: "Group" }]), "invalidValue", "only Users can be members");
  });
});

describe("toBoolean", () => {
  it("reads JSON booleans and Entra's strings in any case", () => {
    expect(toBoolean(true)).toBe(true);
    expect(toBoolean(false)).toBe(false);
    expect(toBoolean("True")).toBe(true);
    expect(toBoolean("FALSE")).toBe(false);
    expect(toBoolean("false")).toBe(false);
  });

  it("refuses anything else", () => {
    expect(toBoolean("yes")).toBeUndefined();
    expect(toBoolean(1)).toBeUndefined();
    expect(toBoolean(" true")).toBeUndefined();
    expect(toBoolean(null)).toBeUndefined();
  });
});
