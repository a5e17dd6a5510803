import { describe, expect, it } from "vitest";
import { parseAttributeList, projectResource } from "./projection";
import { RESOURCE_TYPES, type ResourceTypeDef } from "./schemas";

const User = RESOURCE_TYPES.User;
const Group = RESOURCE_TYPES.Group;
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SEAT = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";

const user = () => ({
  schemas: [CORE, ENT, SEAT],
  id: "u1",
  externalId: "ext-1",
  userName: "bjensen@example.com",
  name: { givenName: "Barbara", familyName: "Jensen" },
  displayName: "Babs",
  active: true,
  password: "t1meMa$heen",
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" },
  ],
  [ENT]: { department: "Tour", manager: { value: "m1", displayName: "Boss" } },
  [SEAT]: { seatType: "Member" },
  meta: { resourceType: "User", lastModified: "2011-05-13T04:42:34Z", version: 'W/"3"' },
});

describe("parseAttributeList", () => {
  it("splits and trims, and is undefined when empty", () => {
    expect(parseAttributeList(undefined)).toBeUndefined();
    expect(parseAttributeList("")).toBeUndefined();
    expect(parseAttributeList(" , ")).toBeUndefined();
    expect(parseAttributeList("userName, name.givenName ,emails")).toEqual([
      "userName",
      "name.givenName",
      "emails",
    ]);
  });
});

describe("projectResource", () => {
  it("returns default attributes, never the password", () => {
    const { password: _p, ...expected } = user();
    expect(projectResource(User, user(), {})).toEqual(expected);
  });

  it("with attributes, returns those plus id and schemas (returned: always)", () => {
    expect(projectResource(User, user(), { attributes: ["userName"] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      userName: "bjensen@example.com",
    });
  });

  it("matches names case-insensitively and keeps the resource's spelling", () => {
    expect(projectResource(User, user(), { attributes: ["USERNAME", "DisplayName"] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      userName: "bjensen@example.com",
      displayName: "Babs",
    });
  });

  it("selects sub-attributes, of single- and multi-valued attributes", () => {
    expect(projectResource(User, user(), { attributes: ["name.givenName", "emails.value"] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      name: { givenName: "Barbara" },
      emails: [{ value: "bjensen@example.com" }, { value: "babs@jensen.org" }],
    });
  });

  it("selects schema-qualified attributes and whole extensions", () => {
    expect(projectResource(User, user(), { attributes: [`${ENT}:department`, `${CORE}:userName`] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      userName: "bjensen@example.com",
      [ENT]: { department: "Tour" },
    });
    expect(projectResource(User, user(), { attributes: [`${ENT}:manager.value`] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      [ENT]: { manager: { value: "m1" } },
    });
    expect(projectResource(User, user(), { attributes: [ENT.toUpperCase()] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      [ENT]: { department: "Tour", manager: { value: "m1", displayName: "Boss" } },
    });
  });

  it("never returns the password, even when asked", () => {
    expect(projectResource(User, user(), { attributes: ["password"] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
    });
  });

  it("excludes attributes, sub-attributes and extensions, but never id or schemas", () => {
    const out = projectResource(User, user(), {
      excludedAttributes: ["emails", "name.familyName", SEAT, "id", "schemas", "meta"],
    });
    expect(out).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      externalId: "ext-1",
      userName: "bjensen@example.com",
      name: { givenName: "Barbara" },
      displayName: "Babs",
      active: true,
      [ENT]: { department: "Tour", manager: { value: "m1", displayName: "Boss" } },
    });
    expect(projectResource(User, user(), { excludedAttributes: [`${ENT}:manager`] })[ENT]).toEqual({
      department: "Tour",
    });
    // Excluding every attribute of an extension drops the extension object.
    expect(
      projectResource(User, user(), { excludedAttributes: [`${ENT}:manager`, `${ENT}:department`] }),
    ).not.toHaveProperty(ENT);
  });

  it("ignores unknown names", () => {
    expect(projectResource(User, user(), { attributes: ["nope", "userName", "urn:x:y:z"] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      userName: "bjensen@example.com",
    });
    const { password: _p, ...all } = user();
    expect(projectResource(User, user(), { excludedAttributes: ["nope"] })).toEqual(all);
  });

  it("treats meta as a default attribute", () => {
    expect(projectResource(User, user(), { attributes: ["meta.lastModified"] })).toEqual({
      schemas: [CORE, ENT, SEAT],
      id: "u1",
      meta: { lastModified: "2011-05-13T04:42:34Z" },
    });
    expect(projectResource(User, user(), { excludedAttributes: ["meta.version"] }).meta).toEqual({
      resourceType: "User",
      lastModified: "2011-05-13T04:42:34Z",
    });
  });

  it("projects Groups: attributes=displayName leaves out members (Okta's group push reads)", () => {
    const group = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      id: "g1",
      displayName: "Engineering",
      members: [{ value: "u1", display: "Babs", $ref: "https://x/Users/u1" }],
      meta: { resourceType: "Group" },
    };
    expect(projectResource(Group, group, { attributes: ["displayName"] })).toEqual({
      schemas: group.schemas,
      id: "g1",
      displayName: "Engineering",
    });
    expect(projectResource(Group, group, { excludedAttributes: ["members"] })).toEqual({
      schemas: group.schemas,
      id: "g1",
      displayName: "Engineering",
      meta: { resourceType: "Group" },
    });
    expect(projectResource(Group, group, { attributes: ["members.value"] })).toEqual({
      schemas: group.schemas,
      id: "g1",
      members: [{ value: "u1" }],
    });
  });

  it("returns `request` attributes only when named", () => {
    const rt: ResourceTypeDef = {
      ...Group,
      schema: {
        ...Group.schema,
        attributes: Group.schema.attributes.map((a) =>
          a.name === "members" ? { ...a, returned: "request" as const } : a,
        ),
      },
    };
    const group = { schemas: [], id: "g2", displayName: "Eng", members: [{ value: "u1" }] };
    expect(projectResource(rt, group, {})).toEqual({ schemas: [], id: "g2", displayName: "Eng" });
    expect(projectResource(rt, group, { attributes: ["members"] })).toEqual({
      schemas: [],
      id: "g2",
      members: [{ value: "u1" }],
    });
  });
});
