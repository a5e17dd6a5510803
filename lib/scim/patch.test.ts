import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScimError, type ScimType } from "@/lib/scim/errors";
import { applyPatch, parsePatchRequest, type MemberOp, type PatchResult } from "@/lib/scim/patch";
import { RESOURCE_TYPES } from "@/lib/scim/schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { thrownBy } from "@/lib/testing/thrown-by";

const User = RESOURCE_TYPES.User;
const Group = RESOURCE_TYPES.Group;
const PATCHOP = SCHEMA_URNS.patchOp;
const ENT = SCHEMA_URNS.enterpriseUser;
const SEAT = SCHEMA_URNS.seatUser;

const scimErrorOf = (fn: () => unknown): ScimError => thrownBy(ScimError, fn);

function expectScimError(fn: () => unknown, scimType: ScimType, detailPart: string) {
  const error = scimErrorOf(fn);
  expect(error.status).toBe(400);
  expect(error.scimType).toBe(scimType);
  expect(error.detail).toContain(detailPart);
}

const body = (...operations: unknown[]) => ({ schemas: [PATCHOP], Operations: operations });

function patchUser(resource: Record<string, unknown>, ...operations: unknown[]): PatchResult {
  return applyPatch(User, resource, parsePatchRequest(body(...operations)), { resourceId: "u1" });
}

function patchGroup(resource: Record<string, unknown>, ...operations: unknown[]): PatchResult {
  return applyPatch(Group, resource, parsePatchRequest(body(...operations)), { resourceId: "g1" });
}

const ada = () => ({
  userName: "ada@example.com",
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [
    { value: "ada@example.com", type: "work", primary: true },
    { value: "ada@home.example", type: "home" },
  ],
  roles: [
    { type: "LICENSED_USER", value: "LICENSED_USER" },
    { type: "GROUP_ADMIN", value: "" },
  ],
  active: true,
});

interface PatchFixture {
  description: string;
  source: string;
  resourceType: "User" | "Group";
  resourceId?: string;
  request: unknown;
  resourceBefore?: Record<string, unknown>;
  expected: { resource: Record<string, unknown>; memberOps: MemberOp[] };
}

describe("PATCH: documented IdP requests (lib/scim/fixtures/patch)", () => {
  const dir = fileURLToPath(new URL("./fixtures/patch/", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

  it("has a fixture for each documented client shape", () => {
    for (const name of [
      "okta-deactivate-user",
      "okta-group-rename",
      "okta-group-add-members",
      "okta-group-remove-member",
      "okta-group-replace-members",
      "okta-group-replace-members-empty",
      "entra-replace-attributes",
      "entra-manager-bare-id",
      "entra-remove-members-value-list",
      "entra-emails-work-value",
      "entra-add-roles",
      "entra-disable-user-string-false",
    ]) {
      expect(files).toContain(`${name}.json`);
    }
  });

  for (const file of files) {
    const fixture = JSON.parse(readFileSync(`${dir}${file}`, "utf8")) as PatchFixture;
    it(`${file}: ${fixture.description}`, () => {
      expect(fixture.source).toMatch(/^https:\/\//);
      const rt = RESOURCE_TYPES[fixture.resourceType];
      const before = structuredClone(fixture.resourceBefore ?? {});
      const result = applyPatch(rt, before, parsePatchRequest(fixture.request), {
        ...(fixture.resourceId ? { resourceId: fixture.resourceId } : {}),
      });
      expect(result.resource).toEqual(fixture.expected.resource);
      expect(result.memberOps).toEqual(fixture.expected.memberOps);
      expect(before).toEqual(fixture.resourceBefore ?? {});
    });
  }
});

describe("parsePatchRequest", () => {
  it("reads ops in any case and keeps their order", () => {
    const ops = parsePatchRequest(
      body(
        { op: "Add", path: "nickName", value: "Babs" },
        { op: "REPLACE", value: { active: false } },
        { op: "remove", path: "title" },
      ),
    );
    expect(ops.map((o) => [o.op, o.pathText, o.index])).toEqual([
      ["add", "nickName", 0],
      ["replace", undefined, 1],
      ["remove", "title", 2],
    ]);
    expect(ops[0]?.path).toEqual({ path: { attr: "nickName" } });
  });

  it("requires the PatchOp schema and a non-empty Operations array", () => {
    expectScimError(() => parsePatchRequest("x"), "invalidSyntax", "JSON object");
    expectScimError(() => parsePatchRequest({ Operations: [] }), "invalidSyntax", PATCHOP);
    expectScimError(
      () => parsePatchRequest({ schemas: [SCHEMA_URNS.user], Operations: [{ op: "add", value: {} }] }),
      "invalidSyntax",
      PATCHOP,
    );
    expectScimError(() => parsePatchRequest({ schemas: [PATCHOP], Operations: [] }), "invalidSyntax", "non-empty array");
    expectScimError(() => parsePatchRequest({ schemas: [PATCHOP] }), "invalidSyntax", '"Operations"');
  });

  it("names a bad op", () => {
    expectScimError(() => parsePatchRequest(body({ op: "move", path: "a" })), "invalidSyntax", 'Operations[0].op must be "add", "remove" or "replace"; got "move"');
    expectScimError(() => parsePatchRequest(body({ path: "a" })), "invalidSyntax", "got none");
    expectScimError(() => parsePatchRequest(body({ op: "add", value: {} }, 7)), "invalidSyntax", "Operations[1] must be an object");
  });

  it("requires a path for remove (RFC 7644 §3.5.2.2) and a value for add and replace", () => {
    expectScimError(() => parsePatchRequest(body({ op: "remove" })), "noTarget", '"remove" operation needs a "path"');
    expectScimError(() => parsePatchRequest(body({ op: "Remove", path: "  " })), "noTarget", "needs a");
    expectScimError(() => parsePatchRequest(body({ op: "add", path: "title" })), "invalidValue", '"value" is required');
  });

  it("reports a malformed path as invalidPath with the operation", () => {
    expectScimError(
      () => parsePatchRequest(body({ op: "remove", path: 'emails[type eq "work"' })),
      "invalidPath",
      'Operations[0] (remove "emails[type eq \\"work\\""):',
    );
    expectScimError(() => parsePatchRequest(body({ op: "add", path: 5, value: 1 })), "invalidPath", "path must be a string");
  });
});

describe("applyPatch: add", () => {
  it("appends to a multi-valued attribute, not twice the same value", () => {
    const result = patchUser(ada(), {
      op: "add",
      path: "emails",
      value: [
        { value: "ADA@example.com", type: "WORK", primary: true },
        { value: "ada@other.example", type: "other" },
      ],
    });
    expect(result.resource.emails).toEqual([
      { value: "ada@example.com", type: "work", primary: true },
      { value: "ada@home.example", type: "home" },
      { value: "ada@other.example", type: "other" },
    ]);
  });

  it("does not report a change when the value is already there (RFC 7644 §3.5.2.1)", () => {
    const result = patchUser(ada(), { op: "add", path: "roles", value: [{ type: "GROUP_ADMIN", value: "" }] });
    expect(result.changed).toBe(false);
    expect(result.resource).toEqual(ada());
  });

  it("makes a newly added primary value the only primary one (RFC 7644 §3.5.2)", () => {
    const result = patchUser(ada(), { op: "add", path: "emails", value: { value: "new@example.com", primary: true } });
    expect(result.resource.emails).toEqual([
      { value: "ada@example.com", type: "work", primary: false },
      { value: "ada@home.example", type: "home" },
      { value: "new@example.com", primary: true },
    ]);
  });

  it("refuses two new primary values in one operation", () => {
    expectScimError(
      () =>
        patchUser(ada(), {
          op: "add",
          path: "emails",
          value: [
            { value: "x@example.com", primary: true },
            { value: "y@example.com", primary: true },
          ],
        }),
      "invalidValue",
      "makes 2 values of 'emails' primary",
    );
  });

  it("merges a complex value given without a path", () => {
    const result = patchUser(ada(), { op: "add", value: { name: { middleName: "King" }, title: "Countess" } });
    expect(result.resource.name).toEqual({ givenName: "Ada", familyName: "Lovelace", middleName: "King" });
    expect(result.resource.title).toBe("Countess");
  });

  it("keeps roles entries exactly as sent, empty value included", () => {
    const result = patchUser({ userName: "a@example.com" }, {
      op: "add",
      path: "roles",
      value: [{ Type: "RESOURCE_VIEWER", value: "", display: "Viewer", primary: false }],
    });
    expect(result.resource.roles).toEqual([{ type: "RESOURCE_VIEWER", value: "", display: "Viewer", primary: false }]);
  });

  it("creates the element a plain eq filter describes when the attribute has no values", () => {
    const result = patchUser({ userName: "a@example.com" }, { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555" });
    expect(result.resource.phoneNumbers).toEqual([{ type: "mobile", value: "+1 555" }]);
  });

  it("adds a new element for an add with a filter that matches nothing", () => {
    const result = patchUser(ada(), { op: "add", path: 'emails[type eq "other"].value', value: "o@example.com" });
    expect(result.resource.emails).toHaveLength(3);
  });
});

describe("applyPatch: replace", () => {
  it("replaces each attribute given without a path", () => {
    const result = patchUser(ada(), {
      op: "replace",
      value: { displayName: "Ada L.", name: { familyName: "King" }, emails: [{ value: "k@example.com", primary: true }] },
    });
    expect(result.resource.displayName).toBe("Ada L.");
    // §3.5.2.3: sub-attributes not given are left unchanged.
    expect(result.resource.name).toEqual({ givenName: "Ada", familyName: "King" });
    expect(result.resource.emails).toEqual([{ value: "k@example.com", primary: true }]);
  });

  it("replaces the matching elements of a value filter", () => {
    const result = patchUser(ada(), {
      op: "replace",
      path: 'roles[type eq "GROUP_ADMIN"]',
      value: { type: "GROUP_ADMIN", value: "GROUP_ADMIN" },
    });
    expect(result.resource.roles).toEqual([
      { type: "LICENSED_USER", value: "LICENSED_USER" },
      { type: "GROUP_ADMIN", value: "GROUP_ADMIN" },
    ]);
  });

  it("sets a sub-attribute of the matching elements, honouring caseExact", () => {
    // `type` is not caseExact: "WORK" matches "work".
    const result = patchUser(ada(), { op: "replace", path: 'emails[type eq "WORK"].value', value: "new@example.com" });
    expect((result.resource.emails as unknown[])[0]).toEqual({ value: "new@example.com", type: "work", primary: true });
  });

  it("answers noTarget when a value filter matches nothing in an attribute that has values (§3.5.2.3)", () => {
    expectScimError(
      () => patchUser(ada(), { op: "replace", path: 'emails[type eq "other"].value', value: "x@example.com" }),
      "noTarget",
      `Operations[0] (replace "emails[type eq \\"other\\"].value"): No value of 'emails' matches the filter [type eq "other"]`,
    );
  });

  it("answers noTarget for a filter that cannot describe a new element", () => {
    expectScimError(
      () => patchUser({ userName: "a@example.com" }, { op: "replace", path: 'emails[value co "@x"].type', value: "work" }),
      "noTarget",
      "No value of 'emails' matches",
    );
  });

  it("sets sub-attributes and extension attributes by path", () => {
    const result = patchUser(ada(), { op: "replace", path: "name.familyName", value: "King" }, { op: "replace", path: `${ENT}:manager.value`, value: "m1" });
    expect(result.resource.name).toEqual({ givenName: "Ada", familyName: "King" });
    expect(result.resource[ENT]).toEqual({ manager: { value: "m1" } });
  });

  it("takes a whole extension as a path with an object value", () => {
    const start = { ...ada(), [ENT]: { department: "Math", costCenter: "1" } };
    const result = patchUser(start, { op: "replace", path: ENT, value: { department: "Engines", division: "R&D" } });
    expect(result.resource[ENT]).toEqual({ department: "Engines", costCenter: "1", division: "R&D" });
  });

  it("coerces Entra's string booleans for extension booleans", () => {
    const result = patchUser(ada(), { op: "Replace", path: `${SEAT}:smartsheetLicensedUser`, value: "True" });
    expect(result.resource[SEAT]).toEqual({ smartsheetLicensedUser: true });
  });

  it("makes a value set primary through a filter the only primary one", () => {
    const result = patchUser(ada(), { op: "replace", path: 'emails[type eq "home"].primary', value: true });
    expect(result.resource.emails).toEqual([
      { value: "ada@example.com", type: "work", primary: false },
      { value: "ada@home.example", type: "home", primary: true },
    ]);
  });

  it("unassigns the matching elements, or their sub-attribute, when replaced with null", () => {
    expect(patchUser(ada(), { op: "replace", path: 'emails[type eq "home"]', value: null }).resource.emails).toEqual([
      { value: "ada@example.com", type: "work", primary: true },
    ]);
    expect(patchUser(ada(), { op: "replace", path: 'emails[type eq "work"].primary', value: null }).resource.emails).toEqual([
      { value: "ada@example.com", type: "work" },
      { value: "ada@home.example", type: "home" },
    ]);
  });

  it("replaces a multi-valued attribute with an empty list by unassigning it", () => {
    const result = patchUser(ada(), { op: "replace", path: "roles", value: [] });
    expect(result.resource).not.toHaveProperty("roles");
  });
});

describe("applyPatch: remove", () => {
  it("removes the elements a filter matches", () => {
    const result = patchUser(ada(), { op: "remove", path: 'roles[type eq "LICENSED_USER"]' });
    expect(result.resource.roles).toEqual([{ type: "GROUP_ADMIN", value: "" }]);
  });

  it("succeeds without change when the filter matches nothing", () => {
    const result = patchUser(ada(), { op: "remove", path: 'emails[type eq "other"]' });
    expect(result.changed).toBe(false);
  });

  it("drops an element whose value is removed", () => {
    const result = patchUser(ada(), { op: "remove", path: 'emails[type eq "home"].value' });
    expect(result.resource.emails).toEqual([{ value: "ada@example.com", type: "work", primary: true }]);
  });

  it("removes the values listed in a remove's value", () => {
    const result = patchUser(ada(), { op: "remove", path: "emails", value: [{ value: "ADA@HOME.EXAMPLE" }] });
    expect(result.resource.emails).toEqual([{ value: "ada@example.com", type: "work", primary: true }]);
  });

  it("removes a whole attribute, a sub-attribute, and an extension", () => {
    const start = { ...ada(), [ENT]: { department: "Math", manager: { value: "m1" } } };
    const result = patchUser(
      start,
      { op: "remove", path: "emails" },
      { op: "remove", path: "name.givenName" },
      { op: "Remove", path: `${ENT}:manager` },
    );
    expect(result.resource).not.toHaveProperty("emails");
    expect(result.resource.name).toEqual({ familyName: "Lovelace" });
    expect(result.resource[ENT]).toEqual({ department: "Math" });
    const whole = patchUser(start, { op: "remove", path: ENT });
    expect(whole.resource).not.toHaveProperty(ENT);
  });

  it("refuses to remove a required attribute (RFC 7644 §3.5.2.2: mutability)", () => {
    expectScimError(() => patchUser(ada(), { op: "remove", path: "userName" }), "mutability", "'userName' is required");
    expectScimError(() => patchUser(ada(), { op: "replace", value: { userName: null } }), "mutability", "'userName' is required");
    expectScimError(() => patchGroup({ displayName: "G" }, { op: "remove", path: "displayName" }), "mutability", "'displayName' is required");
  });
});

describe("applyPatch: mutability and paths", () => {
  it("refuses to change read-only attributes", () => {
    expectScimError(() => patchUser(ada(), { op: "add", path: "groups", value: [{ value: "g1" }] }), "mutability", "'groups' is read-only");
    expectScimError(() => patchUser(ada(), { op: "replace", value: { meta: { version: "1" } } }), "mutability", "'meta' is read-only");
    expectScimError(() => patchUser(ada(), { op: "replace", path: `${SEAT}:seatType`, value: "Member" }), "mutability", `'${SEAT}:seatType' is read-only`);
    expectScimError(() => patchUser(ada(), { op: "replace", path: `${ENT}:manager.displayName`, value: "x" }), "mutability", "read-only");
  });

  it("ignores the resource's own id in a value (Okta group rename) but not another id", () => {
    expect(patchGroup({ displayName: "A" }, { op: "replace", value: { id: "g1", displayName: "B" } }).resource).toEqual({ displayName: "B" });
    expectScimError(() => patchGroup({ displayName: "A" }, { op: "replace", value: { id: "g2", displayName: "B" } }), "mutability", "'id' is read-only");
    expect(() => applyPatch(Group, { displayName: "A" }, parsePatchRequest(body({ op: "replace", value: { id: "g1" } })))).toThrow(ScimError);
  });

  it("accepts a password and never stores it", () => {
    const result = patchUser(ada(), { op: "replace", path: "password", value: "s3cret" }, { op: "replace", value: { password: "x" } });
    expect(result.resource).toEqual(ada());
  });

  it("names an unknown attribute (invalidPath) and ignores unknown extension namespaces", () => {
    expectScimError(() => patchUser(ada(), { op: "replace", path: "nickname.first", value: "x" }), "invalidPath", "'nickname.first' is not an attribute of a User");
    expectScimError(() => patchUser(ada(), { op: "replace", value: { favouriteColour: "red" } }), "invalidValue", "Unknown attribute 'favouriteColour'");
    const custom = "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User";
    const result = patchUser(ada(), { op: "replace", path: `${custom}:CustomAttribute`, value: "1" }, { op: "add", value: { [custom]: { a: 1 } } });
    expect(result.resource).toEqual(ada());
  });

  it("refuses a value filter on an attribute that is not multi-valued", () => {
    expectScimError(() => patchUser(ada(), { op: "replace", path: 'name[givenName eq "Ada"].familyName', value: "x" }), "invalidPath", "'name' is not a multi-valued complex attribute");
  });

  it("reports an unknown sub-attribute in a value filter as invalidPath", () => {
    expectScimError(() => patchUser(ada(), { op: "remove", path: 'emails[kind eq "work"]' }), "invalidPath", "kind");
    expectScimError(() => patchUser(ada(), { op: "remove", path: 'emails[type eq "work"].colour' }), "invalidPath", "'emails' has no sub-attribute 'colour'");
  });

  it("checks value types and names the attribute", () => {
    expectScimError(() => patchUser(ada(), { op: "replace", path: "active", value: "nope" }), "invalidValue", "'active' must be a boolean");
    expectScimError(() => patchUser(ada(), { op: "replace", value: "x" }), "invalidValue", '"value" must be an object of attributes');
    expectScimError(() => patchUser(ada(), { op: "add", path: "emails", value: [{ value: 3 }] }), "invalidValue", "'emails[0].value' must be a string");
    expectScimError(() => patchUser(ada(), { op: "replace", path: "name", value: 5 }), "invalidValue", "'name' must be an object");
  });

  it("applies all operations or none", () => {
    const start = ada();
    const snapshot = structuredClone(start);
    const error = scimErrorOf(() =>
      patchUser(start, { op: "replace", path: "displayName", value: "Changed" }, { op: "remove", path: "emails" }, { op: "remove", path: "userName" }),
    );
    expect(error.detail).toContain('Operations[2] (remove "userName")');
    expect(start).toEqual(snapshot);
  });
});

describe("applyPatch: Group members become MemberOps", () => {
  const g = { displayName: "Engineers" };

  it("translates each member operation, in order, without touching the resource", () => {
    const result = patchGroup(
      g,
      { op: "add", value: { members: [{ value: "a" }, { value: "b" }] } },
      { op: "remove", path: 'members[value eq "a" or value eq "c"]' },
      { op: "remove", path: 'members[type eq "User"]' },
      { op: "replace", value: { members: [] } },
      { op: "remove", path: "members" },
    );
    expect(result.resource).toEqual(g);
    expect(result.changed).toBe(false);
    expect(result.memberOps).toEqual([
      { kind: "add", ids: ["a", "b"] },
      { kind: "remove", ids: ["a", "c"] },
      {
        kind: "removeWhere",
        filter: { kind: "compare", path: { attr: "type" }, op: "eq", value: "User" },
      },
      { kind: "removeAll" },
      { kind: "removeAll" },
    ]);
  });

  it("replaces members without a path: removeAll then add", () => {
    const result = patchGroup(g, { op: "replace", value: { displayName: "Eng", members: [{ value: "x" }] } });
    expect(result.resource).toEqual({ displayName: "Eng" });
    expect(result.memberOps).toEqual([{ kind: "removeAll" }, { kind: "add", ids: ["x"] }]);
  });

  it("requires each member to have a string value", () => {
    expectScimError(() => patchGroup(g, { op: "add", path: "members", value: [{ display: "x" }] }), "invalidValue", "'members[0]' must have a \"value\"");
    expectScimError(() => patchGroup(g, { op: "add", path: "members", value: ["a"] }), "invalidValue", "'members[0]' must be an object");
    expectScimError(() => patchGroup(g, { op: "add", path: "members", value: [{ value: "g2", type: "Group" }] }), "invalidValue", "only Users");
  });

  it("refuses to change members through a filter or a sub-attribute", () => {
    expectScimError(() => patchGroup(g, { op: "replace", path: 'members[value eq "a"]', value: { value: "b" } }), "mutability", "cannot be replaced through a value filter");
    expectScimError(() => patchGroup(g, { op: "replace", path: "members.value", value: "b" }), "mutability", "sub-attributes cannot be changed");
    expectScimError(() => patchGroup(g, { op: "remove", path: 'members[value eq "a"].display' }), "mutability", "sub-attributes cannot be changed");
  });

  it("reports an unknown attribute in a members filter as invalidPath", () => {
    expectScimError(() => patchGroup(g, { op: "remove", path: 'members[userName eq "a"]' }), "invalidPath", "userName");
  });

  it("sets externalId and displayName", () => {
    const result = patchGroup(g, { op: "add", path: "externalId", value: "ext-1" }, { op: "replace", path: "DISPLAYNAME", value: "Eng" });
    expect(result.resource).toEqual({ displayName: "Eng", externalId: "ext-1" });
    expect(result.changed).toBe(true);
  });
});
