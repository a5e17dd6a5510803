/**
 * The SCIM service end to end (request in, response out) on a real SQLite database:
 * discovery, lists, projections, search, ETags, deletes, the domain and Guest rules,
 * DI off, and the request log. IdP sequences are in idp-fixtures.test.ts; malformed input
 * in errors.test.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { sqliteConnectionOf, inTransaction } from "@/db/client";
import { fillNameNorms } from "@/db/fill-name-norms";
import { onPostgres } from "@/db/testing/engine";
import { activity, scimTokens, sessions, users } from "@/db/schema";
import { hashSessionSecret } from "@/lib/sessions/session-secret";
import { addGuest } from "@/lib/directory/add-guest";
import { signInPlanUser } from "@/lib/directory/sign-in-plan-user";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import {
  createScimTestEnv,
  groupBody,
  markDomainVerified,
  patchBody,
  scimShapeProblems,
  selectRow,
  selectRows,
  TEST_BASE_URL,
  userBody,
  type ScimTestEnv,
  type ScimTestResponse,
} from "./test-support";

const SEAT = SCHEMA_URNS.seatUser;
const ENTERPRISE = SCHEMA_URNS.enterpriseUser;

let scim: ScimTestEnv;
beforeEach(async () => {
  scim = await createScimTestEnv();
});

/** Asserts the RFC shape of every response a test looks at. */
function ok(response: ScimTestResponse, status: number, projected = false): ScimTestResponse {
  expect(response.status, response.body).toBe(status);
  expect(scimShapeProblems(response, projected)).toEqual([]);
  return response;
}

async function createUser(userName: string, extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  return ok(await scim.call("POST", "/Users", userBody(userName, extra)), 201).json;
}

async function createGroup(displayName: string, members: string[] = []): Promise<Record<string, any>> {
  return ok(await scim.call("POST", "/Groups", groupBody(displayName, members)), 201).json;
}

describe("discovery (RFC 7644 §4)", () => {
  it("ServiceProviderConfig says what the service does", async () => {
    const r = ok(await scim.call("GET", "/ServiceProviderConfig"), 200);
    expect(r.json).toMatchObject({
      schemas: [SCHEMA_URNS.serviceProviderConfig],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: "ServiceProviderConfig", location: `${TEST_BASE_URL}/ServiceProviderConfig` },
    });
    expect(r.json.authenticationSchemes).toEqual([
      expect.objectContaining({ type: "oauthbearertoken", primary: true, name: expect.any(String), description: expect.any(String) }),
    ]);
  });

  it("answers without a token and while DI is off (the IdP reads it while being set up)", async () => {
    ok(await scim.call("GET", "/ServiceProviderConfig", undefined, { authorization: undefined }), 200);
    const off = await createScimTestEnv({ directoryIntegration: false });
    ok(await off.call("GET", "/Schemas"), 200);
  });

  it("lists the resource types with their extensions", async () => {
    const r = ok(await scim.call("GET", "/ResourceTypes"), 200);
    expect(r.json.totalResults).toBe(2);
    const user = r.json.Resources.find((t: { id: string }) => t.id === "User");
    expect(user).toMatchObject({
      schemas: [SCHEMA_URNS.resourceType],
      name: "User",
      endpoint: "/Users",
      schema: SCHEMA_URNS.user,
      meta: { resourceType: "ResourceType", location: `${TEST_BASE_URL}/ResourceTypes/User` },
    });
    expect(user.schemaExtensions).toEqual([
      { schema: ENTERPRISE, required: false },
      { schema: SEAT, required: false },
    ]);
    expect(ok(await scim.call("GET", "/ResourceTypes/Group"), 200).json).toMatchObject({ id: "Group", endpoint: "/Groups", schemaExtensions: [] });
    ok(await scim.call("GET", "/ResourceTypes/Nope"), 404);
  });

  it("describes every schema, the seat extension included, without nulls", async () => {
    const r = ok(await scim.call("GET", "/Schemas"), 200);
    expect(r.json.Resources.map((s: { id: string }) => s.id).sort()).toEqual(
      [SCHEMA_URNS.user, SCHEMA_URNS.group, ENTERPRISE, SEAT].sort(),
    );
    expect(JSON.stringify(r.json)).not.toContain("null");
    const seat = ok(await scim.call("GET", `/Schemas/${SEAT}`), 200).json;
    expect(seat).toMatchObject({ id: SEAT, meta: { resourceType: "Schema", location: `${TEST_BASE_URL}/Schemas/${SEAT}` } });
    const byName = Object.fromEntries(seat.attributes.map((a: { name: string }) => [a.name, a]));
    expect(byName.seatType).toMatchObject({ type: "string", mutability: "readOnly", returned: "default" });
    expect(byName.reviewEndsAt).toMatchObject({ type: "dateTime", mutability: "readOnly" });
    for (const name of ["smartsheetLicensedUser", "smartsheetGroupAdmin", "smartsheetResourceViewer", "smartsheetSystemAdmin"]) {
      expect(byName[name]).toMatchObject({ type: "boolean", mutability: "readWrite", multiValued: false });
    }
    const user = ok(await scim.call("GET", `/Schemas/${SCHEMA_URNS.user}`), 200).json;
    const password = user.attributes.find((a: { name: string }) => a.name === "password");
    expect(password).toMatchObject({ mutability: "writeOnly", returned: "never" });
    ok(await scim.call("GET", "/Schemas/urn:nope"), 404);
  });
});

describe("lists (RFC 7644 §3.4.2)", () => {
  it("pages with startIndex/count, numbers as numbers, default count 100, count=0 for the total", async () => {
    const ids: string[] = [];
    for (const n of ["a", "b", "c", "d", "e"]) ids.push((await createUser(`${n}@example.com`)).id as string);
    const all = ok(await scim.call("GET", "/Users"), 200).json;
    expect(all).toMatchObject({ schemas: [SCHEMA_URNS.listResponse], totalResults: 5, itemsPerPage: 5, startIndex: 1 });
    expect(all.Resources.map((u: { id: string }) => u.id)).toEqual(ids);

    const page = ok(await scim.call("GET", "/Users?startIndex=2&count=2"), 200).json;
    expect(page).toMatchObject({ totalResults: 5, itemsPerPage: 2, startIndex: 2 });
    expect(page.Resources.map((u: { id: string }) => u.id)).toEqual(ids.slice(1, 3));

    const totalOnly = ok(await scim.call("GET", "/Users?count=0"), 200).json;
    expect(totalOnly).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
    expect(totalOnly.Resources ?? []).toEqual([]);

    // §3.4.2.4: startIndex < 1 is 1, a negative count is 0.
    expect(ok(await scim.call("GET", "/Users?startIndex=0&count=1"), 200).json).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
    expect(ok(await scim.call("GET", "/Users?startIndex=-4&count=-1"), 200).json).toMatchObject({ startIndex: 1, itemsPerPage: 0, totalResults: 5 });
  });

  it("uses 100 by default and caps count at the advertised 1000", async () => {
    const insert = `INSERT INTO users (id, user_name, user_name_norm, email, email_norm, status, seat_type, seat_set_by, source, direct_roles, resource, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'active', 'Contributor', 'default', 'scim', '', ?, ?, ?)`;
    await inTransaction(scim.db, async (tx) => {
      for (let i = 0; i < 1005; i++) {
        const name = `bulk${i}@example.com`;
        await tx.execute(insert, `bulk-${i}`, name, name, name, name, JSON.stringify({ userName: name }), 1, 1);
      }
    });
    expect(ok(await scim.call("GET", "/Users"), 200).json).toMatchObject({ totalResults: 1005, itemsPerPage: 100 });
    const capped = ok(await scim.call("GET", "/Users?count=5000&attributes=id"), 200, true).json;
    expect(capped).toMatchObject({ totalResults: 1005, itemsPerPage: 1000, startIndex: 1 });
    const rest = ok(await scim.call("GET", "/Users?startIndex=1001&count=1000&attributes=id"), 200, true).json;
    expect(rest).toMatchObject({ itemsPerPage: 5 });
    const seen = new Set([...capped.Resources, ...rest.Resources].map((u: { id: string }) => u.id));
    expect(seen.size).toBe(1005);
  });

  it("keeps a stable order across pages even after updates", async () => {
    const ids: string[] = [];
    for (const n of ["m", "k", "z", "a"]) ids.push((await createUser(`${n}@example.com`)).id as string);
    ok(await scim.call("PATCH", `/Users/${ids[0]}`, patchBody({ op: "replace", path: "displayName", value: "changed" })), 200);
    const pages: string[] = [];
    for (const start of [1, 3]) {
      pages.push(...(ok(await scim.call("GET", `/Users?startIndex=${start}&count=2`), 200).json.Resources.map((u: { id: string }) => u.id) as string[]));
    }
    expect(pages).toEqual(ids);
  });

  it("sorts by sortBy/sortOrder (RFC 7644 §3.4.2.3)", async () => {
    await createUser("m@example.com", { name: { familyName: "Moss" } });
    await createUser("b@example.com", { name: { familyName: "Zed" } });
    await createUser("x@example.com", { name: { familyName: "Adams" } });
    const names = async (q: string) =>
      ok(await scim.call("GET", `/Users?${q}`), 200).json.Resources.map((u: { userName: string }) => u.userName);
    expect(await names("sortBy=userName")).toEqual(["b@example.com", "m@example.com", "x@example.com"]);
    expect(await names("sortBy=userName&sortOrder=descending")).toEqual(["x@example.com", "m@example.com", "b@example.com"]);
    expect(await names("sortBy=name.familyName")).toEqual(["x@example.com", "m@example.com", "b@example.com"]);
    await createGroup("beta");
    await createGroup("Alpha");
    const groups = ok(await scim.call("GET", "/Groups?sortBy=displayName"), 200).json.Resources.map((g: { displayName: string }) => g.displayName);
    expect(groups).toEqual(["Alpha", "beta"]);
  });

  it("filters users and groups", async () => {
    const ada = await createUser("ada@example.com", { externalId: "ext-ada", name: { familyName: "Lovelace" } });
    await createUser("bob@example.com");
    const found = async (q: string) => ok(await scim.call("GET", `/Users?filter=${encodeURIComponent(q)}`), 200).json.Resources.map((u: { id: string }) => u.id);
    expect(await found('externalId eq "ext-ada"')).toEqual([ada.id]);
    expect(await found('name.familyName sw "love"')).toEqual([ada.id]);
    expect(await found(`id eq "${ada.id}"`)).toEqual([ada.id]);
    expect(await found('emails[type eq "work" and value co "ada@"]')).toEqual([ada.id]);
    expect(await found('not (userName eq "ada@example.com")')).toHaveLength(1);
    expect(await found(`meta.lastModified gt "2000-01-01T00:00:00Z"`)).toHaveLength(2);
    const g = await createGroup("Engineering", [ada.id]);
    const groups = ok(await scim.call("GET", `/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}`), 200).json;
    expect(groups.Resources.map((x: { id: string }) => x.id)).toEqual([g.id]);
  });
});

describe("attributes / excludedAttributes (RFC 7644 §3.9)", () => {
  let id: string;
  beforeEach(async () => {
    id = (await createUser("ada@example.com", {
      displayName: "Ada",
      name: { givenName: "Ada", familyName: "Lovelace" },
      [ENTERPRISE]: { department: "Math" },
      roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }],
      password: "s3cret-pass",
    })).id;
  });

  it("on GET: attributes replaces the default set; id and schemas stay", async () => {
    const r = ok(await scim.call("GET", `/Users/${id}?attributes=userName`), 200, true).json;
    expect(Object.keys(r).sort()).toEqual(["id", "schemas", "userName"]);
    const sub = ok(await scim.call("GET", `/Users/${id}?attributes=name.givenName,${ENTERPRISE}:department`), 200, true).json;
    expect(sub.name).toEqual({ givenName: "Ada" });
    expect(sub[ENTERPRISE]).toEqual({ department: "Math" });
    expect(sub.userName).toBeUndefined();
  });

  it("on GET: excludedAttributes removes, never id; password is never returned", async () => {
    const r = ok(await scim.call("GET", `/Users/${id}?excludedAttributes=emails,meta,id,${SEAT}`), 200, true).json;
    expect(r.id).toBe(id);
    expect(r.emails).toBeUndefined();
    expect(r.meta).toBeUndefined();
    expect(r[SEAT]).toBeUndefined();
    expect(r.userName).toBe("ada@example.com");
    expect(ok(await scim.call("GET", `/Users/${id}?attributes=password`), 200, true).json.password).toBeUndefined();
    expect(ok(await scim.call("GET", `/Users/${id}`), 200).body).not.toContain("s3cret-pass");
    // Accepted and never stored.
    expect(JSON.stringify(await selectRows(scim.db, users))).not.toContain("s3cret-pass");
  });

  it("on lists, .search, POST and PUT", async () => {
    const list = ok(await scim.call("GET", "/Users?attributes=userName"), 200, true).json;
    expect(list.Resources).toEqual([{ schemas: expect.any(Array), id, userName: "ada@example.com" }]);
    const search = ok(
      await scim.call("POST", "/Users/.search", {
        schemas: [SCHEMA_URNS.searchRequest],
        filter: 'userName eq "ada@example.com"',
        excludedAttributes: ["emails", "name", "meta"],
      }),
      200,
      true,
    ).json;
    expect(search.totalResults).toBe(1);
    expect(search.Resources[0].emails).toBeUndefined();
    expect(search.Resources[0].displayName).toBe("Ada");
    const created = ok(await scim.call("POST", "/Users?attributes=userName", userBody("bob@example.com")), 201, true);
    expect(Object.keys(created.json).sort()).toEqual(["id", "schemas", "userName"]);
    expect(created.headers.Location).toBe(`${TEST_BASE_URL}/Users/${created.json.id}`);
    const put = ok(await scim.call("PUT", `/Users/${id}?excludedAttributes=emails`, userBody("ada@example.com", { displayName: "Ada L" })), 200, true);
    expect(put.json.emails).toBeUndefined();
    expect(put.json.displayName).toBe("Ada L");
  });

  it("groups: members only when shown", async () => {
    const g = await createGroup("Team", [id]);
    expect(ok(await scim.call("GET", `/Groups/${g.id}?excludedAttributes=members`), 200, true).json.members).toBeUndefined();
    expect(ok(await scim.call("GET", `/Groups/${g.id}?attributes=displayName`), 200, true).json).toEqual({
      schemas: [SCHEMA_URNS.group],
      id: g.id,
      displayName: "Team",
    });
    expect(ok(await scim.call("GET", `/Groups/${g.id}?attributes=members.value`), 200, true).json.members).toEqual([{ value: id }]);
    expect(ok(await scim.call("GET", `/Users/${id}?attributes=groups`), 200, true).json.groups).toEqual([
      expect.objectContaining({ value: g.id, display: "Team" }),
    ]);
  });
});

describe("POST /.search (RFC 7644 §3.4.3)", () => {
  it("searches users and groups with the SearchRequest message", async () => {
    await createUser("a@example.com");
    const b = await createUser("b@example.com");
    const g = await createGroup("Readers", [b.id]);
    await createGroup("Writers");
    const users = ok(
      await scim.call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], filter: 'userName sw "b"', startIndex: 1, count: 10 }),
      200,
    ).json;
    expect(users).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id: b.id }] });
    const groups = ok(
      await scim.call("POST", "/Groups/.search", { schemas: [SCHEMA_URNS.searchRequest], filter: 'displayName eq "readers"', attributes: ["displayName"] }),
      200,
      true,
    ).json;
    expect(groups.Resources).toEqual([{ schemas: [SCHEMA_URNS.group], id: g.id, displayName: "Readers" }]);
    const sorted = ok(
      await scim.call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], sortBy: "userName", sortOrder: "descending", count: 1 }),
      200,
    ).json;
    expect(sorted).toMatchObject({ totalResults: 2, itemsPerPage: 1, Resources: [{ id: b.id }] });
  });

  it("is POST only", async () => {
    const r = ok(await scim.call("GET", "/Users/.search"), 405);
    expect(r.headers.Allow).toBe("POST");
  });
});

describe("ETags (RFC 7644 §3.14)", () => {
  it("ETag equals meta.version and changes on every write", async () => {
    const created = ok(await scim.call("POST", "/Users", userBody("ada@example.com")), 201);
    expect(created.headers.ETag).toBe(created.json.meta.version);
    const got = ok(await scim.call("GET", `/Users/${created.json.id}`), 200);
    expect(got.headers.ETag).toBe(created.headers.ETag);
    const patched = ok(await scim.call("PATCH", `/Users/${created.json.id}`, patchBody({ op: "replace", path: "title", value: "Dr" })), 200);
    expect(patched.headers.ETag).not.toBe(got.headers.ETag);
    expect(patched.headers.ETag).toBe(patched.json.meta.version);
  });

  it("a PATCH that changes nothing keeps the version and lastModified (RFC 7644 §3.5.2.1)", async () => {
    const u = await createUser("ada@example.com", { title: "Dr" });
    const again = ok(
      await scim.call("PATCH", `/Users/${u.id}`, patchBody(
        { op: "add", path: "emails", value: [{ value: "ada@example.com", type: "work", primary: true }] },
        { op: "replace", path: "title", value: "Dr" },
      )),
      200,
    );
    expect(again.headers.ETag).toBe(u.meta.version);
    expect(again.json.meta.lastModified).toBe(u.meta.lastModified);
    const g = await createGroup("Team", [u.id]);
    // Okta repeats the name with every membership push; a member added twice is no change.
    const same = ok(await scim.call("PATCH", `/Groups/${g.id}`, patchBody(
      { op: "replace", value: { id: g.id, displayName: "Team" } },
      { op: "add", path: "members", value: [{ value: u.id }] },
      { op: "remove", path: 'members[value eq "not-a-member"]' },
    )), 204);
    expect(same.headers.ETag).toBe(g.meta.version);
    const changed = ok(await scim.call("PATCH", `/Groups/${g.id}`, patchBody({ op: "remove", path: `members[value eq "${u.id}"]` })), 204);
    expect(changed.headers.ETag).not.toBe(g.meta.version);
  });

  it("If-None-Match: 304 without a body when current, 200 when stale", async () => {
    const u = await createUser("ada@example.com");
    const etag = u.meta.version as string;
    const same = await scim.call("GET", `/Users/${u.id}`, undefined, { ifNoneMatch: etag });
    expect(same.status).toBe(304);
    expect(same.body).toBeUndefined();
    expect(same.headers.ETag).toBe(etag);
    ok(await scim.call("GET", `/Users/${u.id}`, undefined, { ifNoneMatch: 'W/"999"' }), 200);
    const g = await createGroup("G");
    expect((await scim.call("GET", `/Groups/${g.id}`, undefined, { ifNoneMatch: g.meta.version })).status).toBe(304);
  });

  it("If-Match: 412 on a stale version and nothing changes; the current one or * passes", async () => {
    const u = await createUser("ada@example.com", { displayName: "Ada" });
    const stale = u.meta.version as string;
    const current = ok(await scim.call("PATCH", `/Users/${u.id}`, patchBody({ op: "replace", path: "title", value: "Dr" })), 200).headers.ETag!;
    for (const [method, body] of [
      ["PUT", userBody("ada@example.com", { displayName: "Changed" })],
      ["PATCH", patchBody({ op: "replace", path: "displayName", value: "Changed" })],
      ["DELETE", undefined],
    ] as const) {
      const r = ok(await scim.call(method, `/Users/${u.id}`, body, { ifMatch: stale }), 412);
      expect(r.json.detail).toContain(current);
    }
    expect(ok(await scim.call("GET", `/Users/${u.id}`), 200).json).toMatchObject({ displayName: "Ada", active: true });
    ok(await scim.call("PATCH", `/Users/${u.id}`, patchBody({ op: "replace", path: "displayName", value: "B" }), { ifMatch: current }), 200);
    ok(await scim.call("PATCH", `/Users/${u.id}`, patchBody({ op: "replace", path: "displayName", value: "C" }), { ifMatch: "*" }), 200);
    const g = await createGroup("G");
    ok(await scim.call("PATCH", `/Groups/${g.id}`, patchBody({ op: "replace", path: "displayName", value: "H" })), 204);
    ok(await scim.call("PUT", `/Groups/${g.id}`, groupBody("I"), { ifMatch: g.meta.version }), 412);
    ok(await scim.call("DELETE", `/Groups/${g.id}`, undefined, { ifMatch: g.meta.version }), 412);
  });
});

describe("DELETE", () => {
  it("a User: 204, then 404 everywhere in SCIM, but kept deactivated in the Admin Center with sessions ended", async () => {
    const u = await createUser("ada@example.com");
    const session = await signInPlanUser(scim.db, { email: "ada@example.com", method: "saml", now: Date.now() });
    const g = await createGroup("G", [u.id]);
    const deleted = ok(await scim.call("DELETE", `/Users/${u.id}`), 204);
    expect(deleted.body).toBeUndefined();
    ok(await scim.call("GET", `/Users/${u.id}`), 404);
    ok(await scim.call("PATCH", `/Users/${u.id}`, patchBody({ op: "replace", path: "title", value: "x" })), 404);
    ok(await scim.call("PUT", `/Users/${u.id}`, userBody("ada@example.com")), 404);
    ok(await scim.call("DELETE", `/Users/${u.id}`), 404);
    expect(ok(await scim.call("GET", "/Users"), 200).json.totalResults).toBe(0);
    const row = (await selectRow(scim.db, users, "id = ?", u.id))!;
    expect(row).toMatchObject({ status: "deactivated", userName: "ada@example.com" });
    expect(row.scimDeletedAt).not.toBeNull();
    expect(row.deactivatedAt).not.toBeNull();
    const sessionRow = await selectRows(scim.db, sessions, "user_id = ?", u.id);
    expect(sessionRow.length).toBeGreaterThan(0);
    expect(sessionRow.every((s) => s.endedAt !== null)).toBe(true);
    // The session signed in above is the one that ended, and nothing else was opened.
    expect(session).toMatchObject({ ok: true, provisioned: false, user: { id: u.id } });
    if (!session.ok) throw new Error(session.message);
    expect(sessionRow).toEqual([
      expect.objectContaining({ idHash: hashSessionSecret(session.sessionSecret), method: "saml", endedAt: expect.any(Number), endReason: "deactivated" }),
    ]);
    const log = await selectRows(scim.db, activity, "user_id = ?", u.id);
    expect(log.map((a) => a.action)).toContain("user.deleted");
    // A deleted user's membership is no longer shown or addable.
    expect(ok(await scim.call("GET", `/Groups/${g.id}`), 200).json.members ?? []).toEqual([]);
    const re = ok(await scim.call("PATCH", `/Groups/${g.id}`, patchBody({ op: "add", path: "members", value: [{ value: u.id }] })), 400);
    expect(re.json.scimType).toBe("invalidValue");
  });

  it("recreating a deleted userName is refused with a way out", async () => {
    const u = await createUser("ada@example.com");
    ok(await scim.call("DELETE", `/Users/${u.id}`), 204);
    const again = ok(await scim.call("POST", "/Users", userBody("ada@example.com")), 409);
    expect(again.json.scimType).toBe("uniqueness");
    expect(again.json.detail).toMatch(/reactivat/i);
  });

  it("a Group: 204, then 404; its users stay", async () => {
    const u = await createUser("ada@example.com");
    const g = await createGroup("G", [u.id]);
    ok(await scim.call("DELETE", `/Groups/${g.id}`), 204);
    ok(await scim.call("GET", `/Groups/${g.id}`), 404);
    ok(await scim.call("DELETE", `/Groups/${g.id}`), 404);
    expect(ok(await scim.call("GET", `/Users/${u.id}`), 200).json.groups).toBeUndefined();
  });
});

describe("responses", () => {
  it("201s carry Location; bodies are application/scim+json; charset=utf-8; 204s have no body", async () => {
    const u = ok(await scim.call("POST", "/Users", userBody("ada@example.com")), 201);
    expect(u.headers.Location).toBe(`${TEST_BASE_URL}/Users/${u.json.id}`);
    expect(u.headers["Content-Type"]).toBe("application/scim+json; charset=utf-8");
    const g = ok(await scim.call("POST", "/Groups", groupBody("G")), 201);
    expect(g.headers.Location).toBe(`${TEST_BASE_URL}/Groups/${g.json.id}`);
    const patched = ok(await scim.call("PATCH", `/Groups/${g.json.id}`, patchBody({ op: "add", path: "members", value: [{ value: u.json.id }] })), 204);
    expect(patched.headers["Content-Type"]).toBeUndefined();
    expect(patched.body).toBeUndefined();
  });

  it("a group PATCH that asks for attributes gets the group back", async () => {
    const u = await createUser("ada@example.com");
    const g = await createGroup("G");
    const r = ok(await scim.call("PATCH", `/Groups/${g.id}?attributes=members`, patchBody({ op: "add", path: "members", value: [{ value: u.id }] })), 200, true);
    expect(r.json.members).toEqual([expect.objectContaining({ value: u.id })]);
  });

  it("seat extension: Member for LICENSED_USER (roles or extension boolean), Contributor otherwise", async () => {
    const seat = (u: Record<string, any>) => u[SEAT]?.seatType;
    expect(seat(await createUser("a@example.com", { roles: [{ type: "LICENSED_USER", value: "licensed_user" }] }))).toBe("Member");
    expect(seat(await createUser("b@example.com", { roles: [{ type: "LICENSED_USER", value: "" }] }))).toBe("Contributor");
    expect(seat(await createUser("c@example.com", { [SEAT]: { smartsheetLicensedUser: true } }))).toBe("Member");
    expect(seat(await createUser("d@example.com", { roles: [{ type: "SYSTEM_ADMIN", value: "SYSTEM_ADMIN" }] }))).toBe("Contributor");
    expect(seat(await createUser("e@example.com"))).toBe("Contributor");
    // The seat is read-only: a client's value is ignored.
    expect(seat(await createUser("f@example.com", { [SEAT]: { seatType: "Member" } }))).toBe("Contributor");
  });
});

describe("stored name search columns", () => {
  it("are what the start-up fill computes for rows a migration left without them (db/fill-name-norms.ts)", async () => {
    await createUser("a@example.com", { displayName: "ÅSA Lund", name: { givenName: "Åsa", familyName: "LUND" } });
    await createUser("b@example.com", { name: { givenName: "İlker", familyName: "Öz" } });
    await createUser("c@example.com", { name: { familyName: "Ek" } });
    await createUser("d@example.com", { name: { givenName: " " } });
    await createUser("e@example.com", { displayName: "", name: { givenName: "Bo" } });
    await createUser("f@example.com");
    const read = async () =>
      scim.db.rows("SELECT user_name, name_norm, family_name_norm FROM users ORDER BY user_name");
    const written = await read();
    expect(written).toEqual([
      { user_name: "a@example.com", name_norm: "åsa lund", family_name_norm: "lund" },
      { user_name: "b@example.com", name_norm: "i̇lker öz", family_name_norm: "öz" },
      { user_name: "c@example.com", name_norm: "ek", family_name_norm: "ek" },
      { user_name: "d@example.com", name_norm: null, family_name_norm: null },
      { user_name: "e@example.com", name_norm: "bo", family_name_norm: null },
      { user_name: "f@example.com", name_norm: null, family_name_norm: null },
    ]);
    // The start-up fill is SQLite's (its migrations add the columns; PostgreSQL's start with them).
    if (onPostgres) return;
    await scim.db.execute("UPDATE users SET name_norm = NULL, family_name_norm = NULL");
    expect(fillNameNorms(sqliteConnectionOf(scim.db))).toBe(4);
    expect(await read()).toEqual(written);
  });
});

describe("docs/product.md §3: active", () => {
  it("a user created inactive is deactivated at once", async () => {
    const u = await createUser("ada@example.com", { active: false });
    expect(u.active).toBe(false);
    expect(await selectRow(scim.db, users, "id = ?", u.id)).toMatchObject({ status: "deactivated" });
  });

  it("active:true for a deactivated user is recorded, not applied (PUT or PATCH)", async () => {
    const u = await createUser("ada@example.com");
    ok(await scim.call("PUT", `/Users/${u.id}`, userBody("ada@example.com", { active: false })), 200);
    const put = ok(await scim.call("PUT", `/Users/${u.id}`, userBody("ada@example.com", { active: true })), 200);
    expect(put.json.active).toBe(false);
    const row = (await selectRow(scim.db, users, "id = ?", u.id))!;
    expect(row.status).toBe("deactivated");
    expect(row.reactivationRequestedAt).toEqual(expect.any(Number));
    expect(ok(await scim.call("PATCH", `/Users/${u.id}`, patchBody({ op: "replace", path: "active", value: "True" })), 200).json.active).toBe(false);
  });
});

describe("docs/product.md §5 and §2: domains and Guests", () => {
  it("an email on a domain that is not validated is 400 invalidValue naming the domain", async () => {
    const r = ok(await scim.call("POST", "/Users", userBody("ada@partner.org")), 400);
    expect(r.json.scimType).toBe("invalidValue");
    expect(r.json.detail).toContain("partner.org");
    const sub = ok(await scim.call("POST", "/Users", userBody("ada@sales.example.com")), 400);
    expect(sub.json.detail).toContain("sales.example.com");
    await markDomainVerified(scim.db, "partner.org");
    ok(await scim.call("POST", "/Users", userBody("ada@partner.org")), 201);
  });

  it("changing the primary email to a non-validated domain is refused and changes nothing", async () => {
    const u = await createUser("ada@example.com");
    const r = ok(
      await scim.call("PATCH", `/Users/${u.id}`, patchBody({ op: "replace", path: 'emails[type eq "work"].value', value: "ada@gmail.com" })),
      400,
    );
    expect(r.json).toMatchObject({ scimType: "invalidValue" });
    expect(r.json.detail).toContain("gmail.com");
    ok(await scim.call("PUT", `/Users/${u.id}`, userBody("ada@gmail.com")), 400);
    expect(ok(await scim.call("GET", `/Users/${u.id}`), 200).json.emails[0].value).toBe("ada@example.com");
  });

  it("a Guest's email is 409, and Guests are invisible to SCIM", async () => {
    const guest = await addGuest(scim.db, "pat@partner.org", "admin@example.com", Date.now());
    const r = ok(await scim.call("POST", "/Users", userBody("pat@partner.org")), 409);
    expect(r.json.detail).toMatch(/Guest/);
    const byEmail = ok(await scim.call("POST", "/Users", userBody("pat2@example.com", { emails: [{ value: "pat@partner.org", primary: true }] })), 409);
    expect(byEmail.json.detail).toMatch(/Guest/);
    ok(await scim.call("GET", `/Users/${guest.id}`), 404);
    expect(ok(await scim.call("GET", '/Users?filter=userName eq "pat@partner.org"'), 200).json.totalResults).toBe(0);
    const g = await createGroup("G");
    ok(await scim.call("PATCH", `/Groups/${g.id}`, patchBody({ op: "add", path: "members", value: [{ value: guest.id }] })), 400);
  });
});

describe("Directory Integration off", () => {
  it("authenticated requests get 403 saying Directory Integration is off; nothing changes", async () => {
    const off = await createScimTestEnv({ directoryIntegration: false });
    for (const [method, path, body] of [
      ["GET", "/Users", undefined],
      ["POST", "/Users", userBody("ada@example.com")],
      ["GET", "/Groups", undefined],
      ["PATCH", "/Users/x", patchBody({ op: "replace", path: "active", value: false })],
    ] as const) {
      const r = await off.call(method, path, body);
      expect(r.status).toBe(403);
      expect(scimShapeProblems(r)).toEqual([]);
      expect(r.json.detail).toMatch(/Directory Integration is off/);
    }
    expect(await selectRows(off.db, users)).toEqual([]);
    // An unauthenticated request is still 401, not 403.
    expect((await off.call("GET", "/Users", undefined, { authorization: undefined })).status).toBe(401);
  });
});

describe("the request log (docs/product.md §7) and token last use (docs/product.md §6)", () => {
  it("is written on flush for reads and failures, in the write's transaction for writes: method, path, status, duration, token name, user", async () => {
    const u = await createUser("ada@example.com");
    await scim.call("GET", `/Users/${u.id}`);
    await scim.call("GET", "/Users/nope");
    await scim.call("GET", "/Users", undefined, { authorization: "Bearer acscim_wrong" });
    const scimRows = async () => selectRows(scim.db, activity, "kind = 'scim'");
    const lastUsed = async () => (await selectRow(scim.db, scimTokens, "id = ?", scim.token.id))!.lastUsedAt;
    expect((await scimRows()).map((r) => [r.method, r.path, r.status])).toEqual([["POST", "/Users", 201]]);
    expect(await lastUsed()).toBeNull();

    expect(await scim.service.flush()).toBe(3);
    const rows = await scimRows();
    expect(rows.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", "/Users", 201],
      ["GET", `/Users/${u.id}`, 200],
      ["GET", "/Users/nope", 404],
      ["GET", "/Users", 401],
    ]);
    expect(rows[0]).toMatchObject({ userId: u.id, tokenId: scim.token.id, actor: "SCIM token 'Okta'", details: { token: "Okta" } });
    expect(rows[1]).toMatchObject({ userId: u.id });
    for (const r of rows) expect(typeof r.durationMs).toBe("number");
    expect(rows[2]!.reason).toContain("nope");
    expect(rows[3]).toMatchObject({ tokenId: null, actor: "unauthenticated" });
    expect(JSON.stringify(rows)).not.toContain(scim.token.token);
    expect(await lastUsed()).toEqual(expect.any(Number));
    expect(await scim.service.flush()).toBe(0);
  });

  it("keeps the entries of a failed flush for the next one", async () => {
    await createUser("ada@example.com");
    await scim.call("GET", "/Users?count=1");
    await scim.db.execute("ALTER TABLE activity RENAME TO activity_away");
    await expect(scim.service.flush()).rejects.toThrow();
    await scim.call("GET", "/Users");
    await scim.db.execute("ALTER TABLE activity_away RENAME TO activity");
    expect(await scim.service.flush()).toBe(2);
    const rows = await selectRows(scim.db, activity, "kind = 'scim'");
    expect(rows.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /Users", "GET /Users", "GET /Users"]);
    expect((await selectRow(scim.db, scimTokens, "id = ?", scim.token.id))!.lastUsedAt).toEqual(expect.any(Number));
  });

  it("logs the group of a group request", async () => {
    const g = await createGroup("G");
    await scim.service.flush();
    const row = (await selectRow(scim.db, activity, "kind = 'scim'"))!;
    expect(row).toMatchObject({ method: "POST", path: "/Groups", status: 201, groupId: g.id });
  });
});
