import { beforeAll, describe, expect, it } from "vitest";
import { sqliteConnectionOf, openTestDatabase, type Db, type SqlParam } from "@/db/client";
import { groupMembers, groups, userEmails, users, type NewUser } from "@/db/schema";
import { ScimError } from "@/lib/scim/errors";
import { parseFilter } from "./parse";
import { compileFilter, compileSort } from "./to-sql";
import { thrownBy } from "@/lib/testing/thrown-by";
import { insertRows } from "../test-support";
import { SCIM_VISIBLE_USERS_UNINDEXED } from "@/lib/users/user-queries";
import { onPostgres } from "@/db/testing/engine";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SEAT = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ms = (iso: string) => Date.parse(iso);

// Ids are lower-case UUID-like strings, as lib/ids.ts makes them.
const U1 = "a1000000-0000-4000-8000-000000000001";
const U2 = "a2000000-0000-4000-8000-000000000002";
const U3 = "a3000000-0000-4000-8000-000000000003";
const U4 = "a4000000-0000-4000-8000-000000000004";
const G1 = "b1000000-0000-4000-8000-000000000001";
const G2 = "b2000000-0000-4000-8000-000000000002";
const G3 = "b3000000-0000-4000-8000-000000000003";

function user(id: string, userName: string, extra: Partial<NewUser>, resource: Record<string, unknown>): NewUser {
  return {
    id,
    userName,
    userNameNorm: userName.toLowerCase(),
    resource: { userName, ...resource },
    ...extra,
  };
}

let db: Db;

beforeAll(async () => {
  db = await openTestDatabase();
  await insertRows(db, users, [
      user(
        U1,
        "BJensen@Example.com",
        {
          externalId: "Ext-1",
          displayName: "Babs Jensen",
          givenName: "Barbara",
          familyName: "Jensen",
          email: "BJensen@Example.com",
          emailNorm: "bjensen@example.com",
          seatType: "Member",
          version: 3,
          createdAt: ms("2010-01-23T04:56:22Z"),
          updatedAt: ms("2011-05-13T04:42:34Z"),
        },
        {
          name: { givenName: "Barbara", familyName: "Jensen", formatted: "Ms. Barbara J Jensen III" },
          displayName: "Babs Jensen",
          title: "Tour Guide",
          userType: "Employee",
          emails: [
            { value: "BJensen@Example.com", type: "work", primary: true },
            { value: "babs@jensen.org", type: "home" },
          ],
          phoneNumbers: [{ value: "555-555-8377", type: "work" }],
          roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }],
          [ENT]: { department: "Tour Operations", manager: { value: "m-26118915" } },
          [SEAT]: { smartsheetLicensedUser: true, heldChange: { kind: "downgrade", heldAt: "2020-06-01T14:00:00+02:00" } },
        },
      ),
      user(
        U2,
        "jsmith@example.org",
        {
          status: "deactivated",
          email: "jsmith@example.org",
          emailNorm: "jsmith@example.org",
          familyName: "Smith",
          createdAt: ms("2019-01-01T00:00:00Z"),
          updatedAt: ms("2020-06-01T12:00:00Z"),
        },
        {
          name: { familyName: "Smith" },
          userType: "Intern",
          title: "",
          emails: [{ value: "jsmith@example.org", type: "work" }],
          roles: [{ type: "GROUP_ADMIN", value: "" }],
          [ENT]: {},
          // Not a date-time: a comparison finds no value, never an error.
          [SEAT]: { smartsheetLicensedUser: false, heldChange: { kind: "delete", heldAt: "last tuesday" } },
        },
      ),
      user(
        U3,
        "ÉMILE@cuisine.fr",
        {
          externalId: "ext-1",
          displayName: "Émile",
          seatType: "Provisional Member",
          reviewEndsAt: ms("2030-01-01T00:00:00Z"),
          createdAt: ms("2021-01-01T00:00:00Z"),
          updatedAt: ms("2021-01-01T00:00:00Z"),
        },
        {
          displayName: "Émile",
          title: "Chef",
          emails: [],
          [ENT]: { department: "Kitchen", employeeNumber: "0042" },
        },
      ),
      user(
        U4,
        "deleted@example.com",
        { status: "deactivated", scimDeletedAt: ms("2022-01-01T00:00:00Z") },
        { title: "Tour Guide" },
      ),
  ]);
  await insertRows(db, userEmails, [
    { userId: U1, position: 0, valueNorm: "bjensen@example.com" },
    { userId: U1, position: 1, valueNorm: "babs@jensen.org" },
    { userId: U2, position: 0, valueNorm: "jsmith@example.org" },
  ]);
  await insertRows(db, groups, [
    { id: G1, displayName: "Engineering", displayNameNorm: "engineering", externalId: "G-Ext", updatedAt: ms("2024-01-01T00:00:00Z") },
    { id: G2, displayName: "Sales Team", displayNameNorm: "sales team", updatedAt: ms("2023-01-01T00:00:00Z") },
    { id: G3, displayName: "Empty", displayNameNorm: "empty", updatedAt: ms("2022-01-01T00:00:00Z") },
  ]);
  await insertRows(db, groupMembers, [
    { groupId: G1, userId: U1 },
    { groupId: G1, userId: U2 },
    { groupId: G2, userId: U3 },
  ]);
});

const names: Record<string, string> = { [U1]: "u1", [U2]: "u2", [U3]: "u3", [U4]: "u4", [G1]: "g1", [G2]: "g2", [G3]: "g3" };

function query(resource: "User" | "Group", filter: string): { sql: string; params: SqlParam[] } {
  const { sql, params } = compileFilter(resource, parseFilter(filter), db.engine);
  const table = resource === "User" ? "users" : "groups";
  const visible = resource === "User" ? "users.scim_deleted_at IS NULL AND " : "";
  return { sql: `SELECT ${table}.id FROM ${table} WHERE ${visible}(${sql}) ORDER BY ${table}.id`, params };
}

async function run(resource: "User" | "Group", filter: string): Promise<string[]> {
  const { sql, params } = query(resource, filter);
  return (await db.rows<{ id: string }>(sql, ...params)).map((r) => names[r.id] ?? r.id);
}

const userIds = async (filter: string) => run("User", filter);
const groupIds = async (filter: string) => run("Group", filter);

/**
 * EXPLAIN QUERY PLAN of both statements the list routes run (users/user-queries.ts): the
 * count, and a page in the default order with LIMIT/OFFSET.
 */
function plan(resource: "User" | "Group", filter: string): string[] {
  const { sql, params } = compileFilter(resource, parseFilter(filter), "sqlite");
  const table = resource === "User" ? "users" : "groups";
  // The shape lib/users/user-queries.ts runs for a filtered list.
  const visible = resource === "User" ? `${SCIM_VISIBLE_USERS_UNINDEXED} AND ` : "";
  const details: string[] = [];
  for (const statement of [
    `SELECT count(*) AS n FROM ${table} WHERE ${visible}(${sql})`,
    `SELECT * FROM ${table} WHERE ${visible}(${sql}) ORDER BY ${table}.rowid LIMIT ? OFFSET ?`,
  ]) {
    const extra = statement.includes("LIMIT") ? [100, 0] : [];
    const rows = sqliteConnectionOf(db).prepare(`EXPLAIN QUERY PLAN ${statement}`).all(...params, ...extra) as {
      detail: string;
    }[];
    details.push(...rows.map((r) => r.detail));
  }
  return details;
}

const errorOf = (fn: () => unknown): ScimError => thrownBy(ScimError, fn);

describe.skipIf(onPostgres)("compileFilter: the hot filters use an index (EXPLAIN QUERY PLAN)", () => {
  it.each([
    ["User", 'userName eq "bjensen@example.com"', /SEARCH users USING (COVERING )?INDEX users_user_name_norm_idx/],
    ["User", 'externalId eq "Ext-1"', /SEARCH users USING (COVERING )?INDEX users_external_id_idx/],
    ["User", `id eq "${U1}"`, /SEARCH users USING (COVERING )?INDEX sqlite_autoindex_users_1/],
    ["User", 'emails.value eq "babs@jensen.org"', /SEARCH user_emails USING (COVERING )?INDEX user_emails_value_norm_idx/],
    ["User", 'emails[value eq "babs@jensen.org"]', /SEARCH user_emails USING (COVERING )?INDEX user_emails_value_norm_idx/],
    ["User", 'emails[type eq "work"].value eq "babs@jensen.org"', /SEARCH user_emails USING (COVERING )?INDEX user_emails_value_norm_idx/],
    ["User", 'userName sw "bjen"', /SEARCH users USING INDEX users_user_name_norm_idx/],
    ["User", `groups.value eq "${G1}"`, /SEARCH group_members USING (COVERING )?INDEX sqlite_autoindex_group_members_1/],
    ["Group", 'displayName eq "ENGINEERING"', /SEARCH groups USING (COVERING )?INDEX groups_display_name_norm_idx/],
    ["Group", 'externalId eq "G-Ext"', /SEARCH groups USING (COVERING )?INDEX groups_external_id_idx/],
    ["Group", `id eq "${G1}"`, /SEARCH groups USING (COVERING )?INDEX sqlite_autoindex_groups_1/],
    ["Group", `members[value eq "${U1}"]`, /SEARCH (group_members|gmv) USING (COVERING )?INDEX group_members_user_idx/],
    ["Group", `members.value eq "${U1}"`, /SEARCH (group_members|gmv) USING (COVERING )?INDEX group_members_user_idx/],
  ] as const)("%s %s", (resource, filter, expected) => {
    const details = plan(resource, filter);
    expect(details.join("\n")).toMatch(expected);
    // The outer table is searched, never scanned.
    expect(details.filter((d) => /^SCAN (users|groups)\b/.test(d))).toEqual([]);
  });

  it("keeps a lone userName eq to one index search", () => {
    const details = plan("User", 'userName eq "x"');
    expect(details.filter((d) => !/^USE TEMP B-TREE/.test(d))).toEqual([
      expect.stringMatching(/^SEARCH users USING INDEX users_user_name_norm_idx \(user_name_norm=\?\)$/),
      expect.stringMatching(/^SEARCH users USING INDEX users_user_name_norm_idx \(user_name_norm=\?\)$/),
    ]);
  });
});

describe("compileFilter: which rows match", () => {
  it.each([
    // RFC 7644 §3.4.2.2 examples
    ['userName eq "bjensen@example.com"', ["u1"]],
    ['userName eq "BJENSEN@EXAMPLE.COM"', ["u1"]],
    ['UserName EQ "émile@CUISINE.fr"', ["u3"]],
    [`name.familyName co "ENS"`, ["u1"]],
    ['userName sw "J"', ["u2"]],
    [`${CORE}:userName sw "J"`, ["u2"]],
    ["title pr", ["u1", "u3"]],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', ["u2", "u3"]],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', ["u1", "u2", "u3"]],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', []],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', ["u1"]],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', ["u1"]],
    ['meta.created lt "2020-01-01"', ["u1", "u2"]],
    ['title pr and userType eq "Employee"', ["u1"]],
    ['title pr or userType eq "Intern"', ["u1", "u2", "u3"]],
    [`schemas eq "${ENT}"`, ["u1", "u3"]],
    [`schemas eq "${CORE}"`, ["u1", "u2", "u3"]],
    [`schemas ne "${ENT}"`, ["u2"]],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', ["u1"]],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', ["u3"]],
    ['userType eq "Employee" and (emails.type eq "work")', ["u1"]],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', ["u1"]],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', ["u1"]],
    // every operator, case-insensitive strings
    ['displayName eq "babs jensen"', ["u1"]],
    ['displayName ne "babs jensen"', ["u2", "u3"]],
    ['displayName co "MIL"', ["u3"]],
    ['displayName sw "é"', ["u3"]],
    ['displayName ew "SEN"', ["u1"]],
    ['displayName gt "C"', ["u3"]],
    ['displayName ge "babs jensen"', ["u1", "u3"]],
    ['displayName lt "C"', ["u1"]],
    ['displayName le "babs jensen"', ["u1"]],
    ['title eq "tour guide"', ["u1"]],
    ['title co "HE"', ["u3"]],
    ['title sw ""', ["u1", "u2", "u3"]],
    ['userName ew "@EXAMPLE.ORG"', ["u2"]],
    ['userName co "%"', []],
    ['userName co "_"', []],
    ['name.formatted sw "ms."', ["u1"]],
    ['name.givenName eq "BARBARA"', ["u1"]],
    // caseExact: id, externalId, seatType
    ['externalId eq "Ext-1"', ["u1"]],
    ['externalId eq "ext-1"', ["u3"]],
    ['externalId sw "Ext"', ["u1"]],
    ['externalId co "xt-"', ["u1", "u3"]],
    ['externalId gt "E"', ["u1", "u3"]],
    [`id eq "${U2}"`, ["u2"]],
    [`id eq "${U2.toUpperCase()}"`, []],
    [`${SEAT}:seatType eq "Member"`, ["u1"]],
    [`${SEAT}:seatType eq "member"`, []],
    [`${SEAT}:seatType sw "Prov"`, ["u3"]],
    [`${SEAT}:reviewEndsAt gt "2029-12-31T23:59:59Z"`, ["u3"]],
    [`${SEAT}:reviewEndsAt pr`, ["u3"]],
    // NULL handling: a missing attribute is "not equal"
    ['externalId ne "Ext-1"', ["u2", "u3"]],
    ['not (externalId eq "Ext-1")', ["u2", "u3"]],
    ['userType ne "Employee"', ["u2", "u3"]],
    ['not (title eq "Chef")', ["u1", "u2"]],
    ['not (title eq "Chef" and userType eq "Employee")', ["u1", "u2", "u3"]],
    ['not (not (userType eq "Intern"))', ["u2"]],
    ["externalId eq null", ["u2"]],
    ["externalId ne null", ["u1", "u3"]],
    ["not (externalId pr)", ["u2"]],
    ['title ne ""', ["u1", "u3"]],
    // booleans
    ["active eq true", ["u1", "u3"]],
    ["active eq false", ["u2"]],
    ['active eq "False"', ["u2"]],
    ["active ne true", ["u2"]],
    ["active pr", ["u1", "u2", "u3"]],
    [`${SEAT}:smartsheetLicensedUser eq true`, ["u1"]],
    [`${SEAT}:smartsheetLicensedUser ne true`, ["u2", "u3"]],
    [`${SEAT}:smartsheetLicensedUser eq false`, ["u2"]],
    ["emails[primary eq true]", ["u1"]],
    // urn paths
    [`${ENT}:department eq "tour operations"`, ["u1"]],
    [`${ENT}:department pr`, ["u1", "u3"]],
    [`${ENT}:manager.value eq "m-26118915"`, ["u1"]],
    [`${ENT}:manager pr`, ["u1"]],
    [`${ENT}:employeeNumber eq 42`, []],
    [`${ENT}:employeeNumber eq "0042"`, ["u3"]],
    [`${CORE}:name.familyName eq "smith"`, ["u2"]],
    // multi-valued attributes
    ['emails.value eq "BABS@jensen.org"', ["u1"]],
    ['emails eq "babs@jensen.org"', ["u1"]],
    ['emails.value ne "babs@jensen.org"', ["u2", "u3"]],
    ['emails.value sw "jsm"', ["u2"]],
    ['emails.value gt "c"', ["u2"]],
    ["emails pr", ["u1", "u2"]],
    ["emails.value pr", ["u1", "u2"]],
    ['emails[type eq "home"]', ["u1"]],
    ['emails[type eq "work"].value eq "jsmith@example.org"', ["u2"]],
    ['emails[type eq "home"].value eq "jsmith@example.org"', []],
    ['emails[not (type eq "work")]', ["u1"]],
    ['phoneNumbers.value eq "555-555-8377"', ["u1"]],
    ['phoneNumbers[type eq "WORK"]', ["u1"]],
    ["phoneNumbers pr", ["u1"]],
    ['roles.value eq "licensed_user"', ["u1"]],
    ['roles[type eq "GROUP_ADMIN" and value eq ""]', ["u2"]],
    ['roles[type eq "GROUP_ADMIN" and value pr]', []],
    ["roles pr", ["u1", "u2"]],
    ["addresses pr", []],
    ['name[givenName eq "barbara"]', ["u1"]],
    // Found by the property test: a user with no name has no value to match (u3).
    ['name[not (givenName eq "barbara")]', ["u2"]],
    ["name pr", ["u1", "u2"]],
    // groups (derived from memberships)
    [`groups.value eq "${G1}"`, ["u1", "u2"]],
    [`groups eq "${G2}"`, ["u3"]],
    ['groups.display eq "engineering"', ["u1", "u2"]],
    ['groups[display sw "sales"]', ["u3"]],
    [`groups.value ne "${G1}"`, ["u3"]],
    ["groups pr", ["u1", "u2", "u3"]],
    // meta
    ['meta.version eq "W/\\"3\\""', ["u1"]],
    ['meta.resourceType eq "User"', ["u1", "u2", "u3"]],
    ['meta.resourceType eq "Group"', []],
    ["meta pr", ["u1", "u2", "u3"]],
    // precedence
    ['userType eq "Intern" or title eq "Chef" and active eq false', ["u2"]],
    ['(userType eq "Intern" or title eq "Chef") and active eq true', ["u3"]],
  ])("%s", async (filter, expected) => {
    expect(await userIds(filter)).toEqual(expected);
  });

  it.each([
    ['displayName eq "engineering"', ["g1"]],
    ['displayName co "TEAM"', ["g2"]],
    ['displayName sw "e"', ["g1", "g3"]],
    ['displayName ne "Engineering"', ["g2", "g3"]],
    ['externalId eq "G-Ext"', ["g1"]],
    ['externalId eq "g-ext"', []],
    [`members[value eq "${U1}"]`, ["g1"]],
    [`members.value eq "${U3}"`, ["g2"]],
    [`members eq "${U2}"`, ["g1"]],
    [`members.value ne "${U1}"`, ["g2", "g3"]],
    ['members[display eq "BABS JENSEN"]', ["g1"]],
    ['members.display co "smith@"', ["g1"]],
    [`members[value eq "${U1}" and display co "babs"]`, ["g1"]],
    [`members[value eq "${U1}" and display co "nobody"]`, []],
    ["members pr", ["g1", "g2"]],
    ["not (members pr)", ["g3"]],
    ['meta.lastModified gt "2022-06-01T00:00:00Z"', ["g1", "g2"]],
    [`schemas eq "urn:ietf:params:scim:schemas:core:2.0:Group"`, ["g1", "g2", "g3"]],
    [`displayName eq "Sales Team" or id eq "${G3}"`, ["g2", "g3"]],
  ])("Group %s", async (filter, expected) => {
    expect(await groupIds(filter)).toEqual(expected);
  });

  it.each([
    [`${SEAT}:heldChange.heldAt eq "2020-06-01T12:00:00Z"`, ["u1"]],
    [`${SEAT}:heldChange.heldAt gt "2000-01-01"`, ["u1"]],
    [`${SEAT}:heldChange.heldAt pr`, ["u1", "u2"]],
    [`not (${SEAT}:heldChange.heldAt lt "2000-01-01")`, ["u1", "u2", "u3"]],
  ])("a date-time held as text in the JSON: %s", async (filter, expected) => {
    expect(await userIds(filter)).toEqual(expected);
  });

  it("folds case as JavaScript's toLowerCase folds the literals (scim_lower), final sigma and dotted I included", async () => {
    for (const text of ["ΟΔΟΣ ΣΑΣ", "Α'Σ", "ΑΣ'Α", "ΣΣ", "İSTANBUL", "ǅΣ", "ÅSA ẞ Ⅻ Ⓐ 😀"]) {
      expect((await db.row<{ v: string }>("SELECT scim_lower(?) AS v", text))!.v, text).toBe(text.toLowerCase());
    }
  });

  it("never matches a SCIM-deleted user through the caller's clause", async () => {
    expect(await userIds('title eq "Tour Guide"')).toEqual(["u1"]);
  });

  it("produces SQL text that depends only on the filter's shape", () => {
    const a = compileFilter("User", parseFilter('userName eq "a" and emails[type eq "work"]'), db.engine);
    const b = compileFilter("User", parseFilter('USERNAME eq "b" AND emails[TYPE eq "home"]'), db.engine);
    expect(a.sql).toBe(b.sql);
    expect(a.params).toEqual(["a", "work"]);
    expect(b.params).toEqual(["b", "home"]);
  });

  it("never puts a literal into the SQL text", () => {
    const { sql, params } = compileFilter("User", parseFilter(`title eq "x'); DROP TABLE users; --"`), db.engine);
    expect(sql).not.toContain("DROP");
    expect(params).toEqual(["x'); drop table users; --"]);
  });
});

describe("compileFilter: errors", () => {
  it.each([
    ['nickname2 eq "x"', /Unknown attribute 'nickname2'/],
    [`${ENT}:nope eq "x"`, /Unknown attribute '.*enterprise:2.0:User:nope'/],
    ['urn:example:custom:2.0:User:foo eq "x"', /Unknown attribute 'urn:example:custom:2.0:User:foo'/],
    ['emails[nope eq "x"]', /Unknown attribute 'nope'/],
    ["active gt true", /'gt' cannot be applied to the boolean attribute 'active'/],
    [`${SEAT}:smartsheetLicensedUser lt false`, /cannot be applied to the boolean/],
    ['meta.lastModified gt "last tuesday"', /RFC 3339/],
    ['meta.lastModified gt 5', /RFC 3339/],
    ['name eq "x"', /complex attribute/],
    ['addresses eq "x"', /complex attribute/],
    ['meta.location eq "x"', /not supported/],
    ['title[value eq "x"]', /applies to a complex attribute/],
    ['schemas co "urn"', /eq, ne and pr only/],
    ['password eq "secret"', /'password' cannot be used in a filter/],
  ])("%s", (filter, message) => {
    const error = errorOf(() => compileFilter("User", parseFilter(filter), db.engine));
    expect(error.scimType).toBe("invalidFilter");
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(message);
  });

  it("rejects User attributes on Groups", () => {
    expect(errorOf(() => compileFilter("Group", parseFilter('userName eq "x"'), db.engine)).detail).toMatch(
      /Unknown attribute 'userName'.*Group/,
    );
  });
});

describe("compileSort", () => {
  async function sorted(resource: "User" | "Group", sortBy: string, order: "ascending" | "descending" = "ascending") {
    const table = resource === "User" ? "users" : "groups";
    const where = resource === "User" ? "WHERE users.scim_deleted_at IS NULL" : "";
    const rows = await db.rows<{ id: string }>(`SELECT ${table}.id FROM ${table} ${where} ORDER BY ${compileSort(resource, sortBy, order, db.engine)}`);
    return rows.map((r) => names[r.id]);
  }

  it("sorts case-insensitively, ends with the id and puts missing values last when ascending", async () => {
    expect(compileSort("User", "userName", "ascending", db.engine)).toBe(
      "users.user_name_norm ASC NULLS LAST, users.id ASC",
    );
    expect(await sorted("User", "userName")).toEqual(["u1", "u2", "u3"]);
    expect(await sorted("User", "USERNAME", "descending")).toEqual(["u3", "u2", "u1"]);
    expect(await sorted("User", "displayName")).toEqual(["u1", "u3", "u2"]);
    expect(await sorted("User", "displayName", "descending")).toEqual(["u2", "u3", "u1"]);
    expect(await sorted("User", "externalId")).toEqual(["u1", "u3", "u2"]);
  });

  it("sorts by dates, extensions, JSON attributes and multi-valued attributes", async () => {
    expect(await sorted("User", "meta.lastModified", "descending")).toEqual(["u3", "u2", "u1"]);
    expect(await sorted("User", "title")).toEqual(["u2", "u3", "u1"]);
    expect(await sorted("User", `${ENT}:department`)).toEqual(["u3", "u1", "u2"]);
    expect(await sorted("User", "emails")).toEqual(["u1", "u2", "u3"]);
    expect(await sorted("User", "roles.value")).toEqual(["u2", "u1", "u3"]);
    expect(await sorted("User", "id")).toEqual(["u1", "u2", "u3"]);
    expect(await sorted("Group", "displayName")).toEqual(["g3", "g1", "g2"]);
    expect(await sorted("Group", "meta.lastModified")).toEqual(["g3", "g2", "g1"]);
  });

  it("rejects unknown or unsortable attributes with invalidValue naming them", () => {
    for (const [resource, sortBy, message] of [
      ["User", "nope", /Cannot sort by 'nope'/],
      ["User", "name", /complex attribute/],
      ["User", "groups", /memberships/],
      ["Group", "members", /Groups sort by/],
      ["Group", "userName", /not an attribute of Group/],
    ] as const) {
      const error = errorOf(() => compileSort(resource, sortBy, "ascending", db.engine));
      expect(error.scimType).toBe("invalidValue");
      expect(error.detail).toMatch(message);
    }
  });
});
