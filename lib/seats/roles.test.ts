import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/db/schema";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import okta from "./fixtures/okta-user-roles.json";
import entra from "./fixtures/entra-user-roles.json";
import {
  CONNECTOR_ROLES,
  MEMBER_ROLES,
  SYSTEM_ADMIN_ROLES,
  decodeDirectGrants,
  decodeDirectRoles,
  describeGrants,
  encodeDirectRoles,
  groupGrant,
  readScimRoles,
  rolesFromScim,
  seatOfRole,
  type RoleGrant,
} from "./roles";

const EXT = SCHEMA_URNS.seatUser;
const roleNames = (grants: readonly RoleGrant[]) => grants.map((g) => g.role);

describe("seatOfRole (docs/product.md §2.2)", () => {
  it.each<[Role, "Member" | "Contributor" | null]>([
    ["LICENSED_USER", "Member"],
    ["GROUP_ADMIN", "Member"],
    ["RESOURCE_VIEWER", "Member"],
    ["USER_ADMIN", "Contributor"],
    ["PAYMENT_ADMIN", "Contributor"],
    ["DATA_ADMIN", "Contributor"],
    ["JIRA_USER", null],
    ["JIRA_ADMIN", null],
    ["SALESFORCE_USER", null],
    ["SALESFORCE_ADMIN", null],
  ])("%s → %s", (role, seat) => {
    expect(seatOfRole(role)).toBe(seat);
  });

  it("puts every canonical role in exactly one group", () => {
    const groups = [...MEMBER_ROLES, ...SYSTEM_ADMIN_ROLES, ...CONNECTOR_ROLES];
    expect([...groups].sort()).toEqual([...ROLES].sort());
  });
});

describe("rolesFromScim: the SCIM roles attribute", () => {
  it("reads one entry per role, Okta-style", () => {
    const grants = rolesFromScim({ roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] });
    expect(grants).toEqual([{ role: "LICENSED_USER", via: { kind: "scim-role" } }]);
  });

  it.each([
    ["empty", ""],
    ["blank", "   "],
    ["null", null],
    ["missing", undefined],
  ])("an %s value means NOT granted", (_label, value) => {
    const entry: Record<string, unknown> = { type: "LICENSED_USER" };
    if (value !== undefined) entry.value = value;
    const { grants, unknown } = readScimRoles({ roles: [entry] });
    expect(grants).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it("the Okta fixture grants only the non-empty entries", () => {
    const { grants, unknown } = readScimRoles(okta as Record<string, unknown>);
    expect(roleNames(grants)).toEqual(["USER_ADMIN", "JIRA_USER"]);
    expect(unknown).toEqual([]);
  });

  it.each(["licensed_user", "Licensed_User", " LICENSED_USER "])("matches %j case-insensitively", (value) => {
    expect(roleNames(rolesFromScim({ roles: [{ type: "x", value }] }))).toEqual(["LICENSED_USER"]);
  });

  it("reads the role from value, not type (Entra sends its own type)", () => {
    const { grants } = readScimRoles(entra as Record<string, unknown>);
    expect(grants.filter((g) => g.via.kind === "scim-role").map((g) => g.role)).toEqual(["DATA_ADMIN"]);
    expect(rolesFromScim({ roles: [{ type: "LICENSED_USER", value: "JIRA_USER" }] })).toEqual([
      { role: "JIRA_USER", via: { kind: "scim-role" } },
    ]);
  });

  it.each(["SYSTEM_ADMIN", "system_admin"])("%s expands to the three System Admin roles", (value) => {
    expect(roleNames(rolesFromScim({ roles: [{ value }] }))).toEqual(["USER_ADMIN", "PAYMENT_ADMIN", "DATA_ADMIN"]);
  });

  it("does not grant a role twice from the same origin", () => {
    const grants = rolesFromScim({
      roles: [{ value: "USER_ADMIN" }, { value: "SYSTEM_ADMIN" }, { value: "user_admin" }],
    });
    expect(roleNames(grants)).toEqual(["USER_ADMIN", "PAYMENT_ADMIN", "DATA_ADMIN"]);
  });

  it("ignores unknown values but reports them as sent", () => {
    const { grants, unknown } = readScimRoles({
      roles: [{ value: "OWNER" }, { value: "LICENSED_USER" }, { value: "lıcensed_user" }, { value: 7 }],
    });
    expect(roleNames(grants)).toEqual(["LICENSED_USER"]);
    expect(unknown).toEqual(["OWNER", "lıcensed_user", "7"]);
  });

  it("reports a roles attribute that is not a list", () => {
    expect(readScimRoles({ roles: "LICENSED_USER" })).toEqual({ grants: [], unknown: ['roles="LICENSED_USER"'] });
  });

  it("no roles attribute: no grants", () => {
    expect(readScimRoles({ userName: "a@example.com" })).toEqual({ grants: [], unknown: [] });
  });
});

describe("rolesFromScim: the seat extension booleans", () => {
  it.each<[string, unknown, Role[]]>([
    ["smartsheetLicensedUser", true, ["LICENSED_USER"]],
    ["smartsheetGroupAdmin", true, ["GROUP_ADMIN"]],
    ["smartsheetResourceViewer", true, ["RESOURCE_VIEWER"]],
    ["smartsheetSystemAdmin", true, ["USER_ADMIN", "PAYMENT_ADMIN", "DATA_ADMIN"]],
    ["smartsheetLicensedUser", "true", ["LICENSED_USER"]],
    ["smartsheetLicensedUser", "True", ["LICENSED_USER"]],
    ["smartsheetSystemAdmin", "True", ["USER_ADMIN", "PAYMENT_ADMIN", "DATA_ADMIN"]],
    ["smartsheetLicensedUser", false, []],
    ["smartsheetLicensedUser", "false", []],
    ["smartsheetLicensedUser", "False", []],
    ["smartsheetLicensedUser", null, []],
  ])("%s = %j grants %j", (attribute, value, roles) => {
    const { grants, unknown } = readScimRoles({ [EXT]: { [attribute]: value } });
    expect(grants).toEqual(roles.map((role) => ({ role, via: { kind: "extension", attribute } })));
    expect(unknown).toEqual([]);
  });

  it("reports a value that is not a boolean", () => {
    const { grants, unknown } = readScimRoles({ [EXT]: { smartsheetLicensedUser: "yes", smartsheetGroupAdmin: 1 } });
    expect(grants).toEqual([]);
    expect(unknown).toEqual(['smartsheetLicensedUser="yes"', "smartsheetGroupAdmin=1"]);
  });

  it("ignores the read-only seat attributes and other names", () => {
    const { grants, unknown } = readScimRoles({ [EXT]: { seatType: "Member", smartsheetOwner: true } });
    expect(grants).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it("the Entra fixture: \"True\" grants, \"False\" does not, roles and booleans count together", () => {
    const grants = rolesFromScim(entra as Record<string, unknown>);
    expect(grants).toEqual([
      { role: "DATA_ADMIN", via: { kind: "scim-role" } },
      { role: "LICENSED_USER", via: { kind: "extension", attribute: "smartsheetLicensedUser" } },
    ]);
  });
});

describe("direct_roles column", () => {
  it("encodes canonical: distinct, sorted, comma-joined", () => {
    expect(encodeDirectRoles(["USER_ADMIN", "LICENSED_USER", "USER_ADMIN"])).toBe("LICENSED_USER,USER_ADMIN");
    expect(encodeDirectRoles([])).toBe("");
  });

  it("encodes grants by role, whatever their origin", () => {
    const grants = rolesFromScim({ roles: [{ value: "DATA_ADMIN" }], [EXT]: { smartsheetSystemAdmin: true } });
    expect(encodeDirectRoles(grants)).toBe("DATA_ADMIN,PAYMENT_ADMIN,USER_ADMIN");
  });

  it("round-trips every role", () => {
    const text = encodeDirectRoles([...ROLES].reverse());
    expect([...decodeDirectRoles(text)].sort()).toEqual([...ROLES].sort());
    expect(encodeDirectRoles(decodeDirectRoles(text))).toBe(text);
  });

  it("decodes the empty text to no roles", () => {
    expect(decodeDirectRoles("")).toEqual([]);
    expect(decodeDirectGrants("")).toEqual([]);
  });

  it("decoding is memoised: the same text gives the same frozen array", () => {
    const a = decodeDirectRoles("GROUP_ADMIN,JIRA_USER");
    expect(decodeDirectRoles("GROUP_ADMIN,JIRA_USER")).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const g = decodeDirectGrants("GROUP_ADMIN,JIRA_USER");
    expect(decodeDirectGrants("GROUP_ADMIN,JIRA_USER")).toBe(g);
    expect(g).toEqual([
      { role: "GROUP_ADMIN", via: { kind: "direct" } },
      { role: "JIRA_USER", via: { kind: "direct" } },
    ]);
  });

  it("refuses a corrupt column instead of dropping a role", () => {
    expect(() => decodeDirectRoles("LICENSED_USER,OWNER")).toThrow(/unknown role "OWNER"/);
    expect(() => decodeDirectRoles("licensed_user")).toThrow(/unknown role/);
  });
});

describe("describeGrants", () => {
  it("groups consecutive grants with the same origin", () => {
    const grants: RoleGrant[] = [
      ...rolesFromScim({ roles: [{ value: "SYSTEM_ADMIN" }] }),
      groupGrant("JIRA_USER", "g1", "Jira"),
      groupGrant("SALESFORCE_USER", "g2", "Sales"),
      ...rolesFromScim({ [EXT]: { smartsheetResourceViewer: "True" } }),
    ];
    expect(describeGrants(grants)).toBe(
      "USER_ADMIN, PAYMENT_ADMIN, DATA_ADMIN via SCIM roles; JIRA_USER from group 'Jira'; SALESFORCE_USER from group 'Sales'; RESOURCE_VIEWER via smartsheetResourceViewer",
    );
  });
});
