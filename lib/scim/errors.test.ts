/**
 * Malformed input of every kind gets its documented status and an RFC 7644 §3.12 error
 * body (Error schema, status as a string, scimType where one applies, a detail a person can
 * act on), never a 500, and never a half-applied change.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { createScimService } from "./handler";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import {
  callScim,
  createScimTestEnv,
  groupBody,
  patchBody,
  scimShapeProblems,
  TEST_ADMIN,
  userBody,
  type ScimTestEnv,
  type ScimTestHeaders,
  type ScimTestResponse,
} from "./test-support";

const ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";
const ENTERPRISE = SCHEMA_URNS.enterpriseUser;
const SEAT = SCHEMA_URNS.seatUser;

let scim: ScimTestEnv;
let user: Record<string, any>;
let group: Record<string, any>;
beforeEach(async () => {
  scim = await createScimTestEnv({ maxBodyBytes: 64 * 1024 });
  user = (await scim.call("POST", "/Users", userBody("ada@example.com", { displayName: "Ada", title: "Dr" }))).json;
  group = (await scim.call("POST", "/Groups", groupBody("Readers", [user.id]))).json;
});

/** Asserts status, the §3.12 body and the scimType (null: none); returns the detail. */
function fails(response: ScimTestResponse, status: number, scimType: string | null): string {
  expect(response.status, response.body).toBe(status);
  expect(scimShapeProblems(response)).toEqual([]);
  expect(response.json.schemas).toEqual([ERROR_URN]);
  expect(response.json.status).toBe(String(status));
  if (scimType === null) expect(response.json.scimType).toBeUndefined();
  else expect(response.json.scimType).toBe(scimType);
  return response.json.detail as string;
}

async function call(method: string, path: string, body?: unknown, headers?: ScimTestHeaders) {
  return scim.call(method, path, body, headers);
}

/** The user as stored now (a failed request must leave it as it was). */
const current = async () => (await call("GET", `/Users/${user.id}`)).json;

describe("400 invalidSyntax: the message is not JSON or not the right message", () => {
  it.each([
    ["POST", "/Users"],
    ["PUT", "/Users/{id}"],
    ["PATCH", "/Users/{id}"],
    ["POST", "/Groups"],
    ["PATCH", "/Groups/{gid}"],
    ["POST", "/Users/.search"],
  ])("bad JSON on %s %s", async (method, template) => {
    const path = template.replace("{id}", user.id).replace("{gid}", group.id);
    for (const body of ['{"schemas": [', "not json", "{'single': 'quotes'}", "{\"a\":1,}"]) {
      const detail = fails(await call(method, path, body), 400, "invalidSyntax");
      expect(detail).toMatch(/JSON/);
    }
    fails(await call(method, path, ""), 400, "invalidSyntax");
  });

  it("a body that is JSON but not an object", async () => {
    for (const body of ["[]", "42", '"user"', "null", "true"]) {
      fails(await call("POST", "/Users", body), 400, "invalidSyntax");
      fails(await call("PATCH", `/Users/${user.id}`, body), 400, "invalidSyntax");
      fails(await call("POST", "/Groups/.search", body), 400, "invalidSyntax");
    }
  });

  it("a PATCH that is not a PatchOp message", async () => {
    const id = user.id;
    fails(await call("PATCH", `/Users/${id}`, { Operations: [{ op: "replace", path: "title", value: "x" }] }), 400, "invalidSyntax");
    fails(await call("PATCH", `/Users/${id}`, { schemas: [SCHEMA_URNS.patchOp] }), 400, "invalidSyntax");
    fails(await call("PATCH", `/Users/${id}`, { schemas: [SCHEMA_URNS.patchOp], Operations: [] }), 400, "invalidSyntax");
    fails(await call("PATCH", `/Users/${id}`, { schemas: [SCHEMA_URNS.patchOp], Operations: {} }), 400, "invalidSyntax");
    fails(await call("PATCH", `/Users/${id}`, patchBody({ op: "move", path: "title", value: "x" })), 400, "invalidSyntax");
    fails(await call("PATCH", `/Users/${id}`, { schemas: [SCHEMA_URNS.patchOp], Operations: [null] }), 400, "invalidSyntax");
    const detail = fails(await call("PATCH", `/Users/${id}`, patchBody({ path: "title", value: "x" })), 400, "invalidSyntax");
    expect(detail).toContain("op");
  });

  it("a search that is not a SearchRequest message", async () => {
    fails(await call("POST", "/Users/.search", { filter: 'userName eq "a"' }), 400, "invalidSyntax");
    fails(await call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], attributes: "userName" }), 400, "invalidSyntax");
  });

  it('"schemas" that is not an array of strings', async () => {
    fails(await call("POST", "/Users", { schemas: SCHEMA_URNS.user, userName: "x@example.com" }), 400, "invalidSyntax");
  });
});

describe("400 invalidValue: wrong types and missing values, naming the attribute", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["userName as a number", { userName: 123 }, "userName"],
    ["userName empty", { userName: "  " }, "userName"],
    ["userName missing", { userName: undefined }, "userName"],
    ["active as a word", { active: "yes" }, "active"],
    ["emails not an array", { emails: "ada@example.com" }, "emails"],
    ["an email value as a number", { emails: [{ value: 5, primary: true }] }, "emails"],
    ["a null email entry", { emails: [null] }, "emails"],
    ["two primary emails", { emails: [{ value: "a@example.com", primary: true }, { value: "b@example.com", primary: true }] }, "primary"],
    ["name as a string", { name: "Ada Lovelace" }, "name"],
    ["roles as a string", { roles: "LICENSED_USER" }, "roles"],
    ["an enterprise extension that is not an object", { [ENTERPRISE]: "Sales" }, ENTERPRISE],
    ["a seat boolean as a word", { [SEAT]: { smartsheetLicensedUser: "sure" } }, "smartsheetLicensedUser"],
    ["a Group schema on a User", { [SCHEMA_URNS.group]: { displayName: "x" } }, SCHEMA_URNS.group],
  ];
  it.each(cases)("%s", async (_name, extra, mentions) => {
    const body = { ...userBody("bob@example.com"), ...extra };
    const detail = fails(await call("POST", "/Users", body), 400, "invalidValue");
    expect(detail).toContain(mentions);
  });

  it("missing schemas", async () => {
    const { schemas: _s, ...body } = userBody("bob@example.com");
    expect(fails(await call("POST", "/Users", body), 400, "invalidValue")).toContain("schemas");
    fails(await call("POST", "/Users", { ...userBody("bob@example.com"), schemas: [SCHEMA_URNS.group] }), 400, "invalidValue");
  });

  it("an email on a domain that is not validated names the domain", async () => {
    expect(fails(await call("POST", "/Users", userBody("bob@elsewhere.net")), 400, "invalidValue")).toContain("elsewhere.net");
  });

  it("a user without any email", async () => {
    const detail = fails(await call("POST", "/Users", { schemas: [SCHEMA_URNS.user], userName: "bob" }), 400, "invalidValue");
    expect(detail).toMatch(/email/);
  });

  it("groups: displayName, members", async () => {
    fails(await call("POST", "/Groups", { schemas: [SCHEMA_URNS.group] }), 400, "invalidValue");
    fails(await call("POST", "/Groups", { schemas: [SCHEMA_URNS.group], displayName: 7 }), 400, "invalidValue");
    fails(await call("POST", "/Groups", { ...groupBody("G"), members: "x" }), 400, "invalidValue");
    fails(await call("POST", "/Groups", { ...groupBody("G"), members: [{ display: "no value" }] }), 400, "invalidValue");
    expect(fails(await call("POST", "/Groups", groupBody("G", ["no-such-user"])), 400, "invalidValue")).toContain("no-such-user");
    expect((await call("GET", '/Groups?filter=displayName eq "G"')).json.totalResults).toBe(0);
  });

  it("PATCH: add/replace without a value, a value of the wrong type", async () => {
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "title" })), 400, "invalidValue");
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "active", value: "maybe" })), 400, "invalidValue");
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", value: "not an object" })), 400, "invalidValue");
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "add", path: "emails", value: [{ value: 1 }] })), 400, "invalidValue");
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "userName", value: "" })), 400, "invalidValue");
    expect(await current()).toMatchObject({ title: "Dr", active: true, userName: "ada@example.com" });
  });

  it("list parameters", async () => {
    fails(await call("GET", "/Users?startIndex=abc"), 400, "invalidValue");
    fails(await call("GET", "/Users?count=1.5"), 400, "invalidValue");
    fails(await call("GET", "/Users?sortOrder=sideways"), 400, "invalidValue");
    fails(await call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], count: "lots" }), 400, "invalidValue");
  });

  it("a nested group as a member is refused, naming it", async () => {
    const other = (await call("POST", "/Groups", groupBody("Inner"))).json;
    for (const response of [
      await call("POST", "/Groups", groupBody("Outer", [other.id])),
      await call("PUT", `/Groups/${group.id}`, groupBody("Readers", [user.id, other.id])),
      await call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: other.id }] })),
      await call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: other.id, type: "Group" }] })),
    ]) {
      const detail = fails(response, 400, "invalidValue");
      expect(detail).toMatch(/group/i);
    }
    expect((await call("GET", `/Groups/${group.id}`)).json.members).toEqual([expect.objectContaining({ value: user.id })]);
  });
});

describe("400 invalidPath, noTarget, mutability (PATCH, RFC 7644 §3.5.2)", () => {
  it("invalidPath: a malformed or unknown path", async () => {
    for (const path of ['emails[type eq "work"', "nope", "name.nope", 'emails[nope eq "x"].value', "emails..value", 'title[value eq "x"]', "[]"]) {
      const detail = fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path, value: "x" })), 400, "invalidPath");
      expect(detail.length).toBeGreaterThan(20);
    }
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: 5, value: "x" })), 400, "invalidPath");
  });

  it("noTarget: remove without a path, replace with a filter that matches nothing", async () => {
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "remove" })), 400, "noTarget");
    fails(
      await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: 'emails[type eq "home"].value', value: "h@example.com" })),
      400,
      "noTarget",
    );
  });

  it("mutability: read-only attributes", async () => {
    const attempts = [
      { op: "replace", path: "id", value: "other-id" },
      { op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" },
      { op: "add", path: "groups", value: [{ value: group.id }] },
      { op: "replace", path: `${SEAT}:seatType`, value: "Member" },
      { op: "remove", path: "id" },
    ];
    for (const op of attempts) fails(await call("PATCH", `/Users/${user.id}`, patchBody(op)), 400, "mutability");
    fails(await call("PATCH", `/Groups/${group.id}`, patchBody({ op: "replace", path: "members.display", value: "x" })), 400, "mutability");
    fails(await call("PATCH", `/Groups/${group.id}`, patchBody({ op: "replace", path: "id", value: "x" })), 400, "mutability");
  });

  it("all operations of a request apply, or none (the failing one is named)", async () => {
    const detail = fails(
      await call(
        "PATCH",
        `/Users/${user.id}`,
        patchBody(
          { op: "replace", path: "displayName", value: "Changed" },
          { op: "replace", path: "active", value: false },
          { op: "replace", path: "nope", value: "x" },
        ),
      ),
      400,
      "invalidPath",
    );
    expect(detail).toContain("Operations[2]");
    expect(await current()).toMatchObject({ displayName: "Ada", active: true });
    const other = (await call("POST", "/Users", userBody("bob@example.com"))).json;
    fails(
      await call(
        "PATCH",
        `/Groups/${group.id}`,
        patchBody({ op: "add", path: "members", value: [{ value: other.id }] }, { op: "replace", path: "displayName", value: 9 }),
      ),
      400,
      "invalidValue",
    );
    expect((await call("GET", `/Groups/${group.id}`)).json.members).toHaveLength(1);
  });
});

describe("400 invalidFilter", () => {
  it.each([
    ['userName eq', ""],
    ['userName eq "x" and', ""],
    ['(userName eq "x"', ""],
    ['favouriteColour eq "green"', "favouriteColour"],
    ['name.nope eq "x"', "nope"],
    ['emails[type eq "work"', ""],
    ['userName xx "x"', "xx"],
    ['userName eq "unterminated', ""],
    ["meta.lastModified gt \"yesterday\"", "yesterday"],
  ])("%s", async (filter, mentions) => {
    const detail = fails(await call("GET", `/Users?filter=${encodeURIComponent(filter)}`), 400, "invalidFilter");
    expect(detail).toContain(mentions);
    fails(await call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], filter }), 400, "invalidFilter");
  });

  it("on groups too, and a filter that is not a string", async () => {
    fails(await call("GET", `/Groups?filter=${encodeURIComponent('title eq "x"')}`), 400, "invalidFilter");
    fails(await call("POST", "/Groups/.search", { schemas: [SCHEMA_URNS.searchRequest], filter: 5 }), 400, "invalidFilter");
  });
});

describe("401 Unauthorized (docs/product.md §6)", () => {
  it("missing, malformed, unknown, revoked and expired tokens, each with WWW-Authenticate: Bearer", async () => {
    let clock = Date.now();
    scim = await createScimTestEnv({ now: () => clock });
    const revoked = await createToken(scim.db, { name: "Old" }, TEST_ADMIN);
    await revokeToken(scim.db, revoked.id, TEST_ADMIN);
    const expiring = await createToken(scim.db, { name: "Short" }, TEST_ADMIN);
    await scim.db.execute("UPDATE scim_tokens SET expires_at = ? WHERE id = ?", clock + 60_000, expiring.id);
    const attempts: [string | undefined, RegExp][] = [
      [undefined, /missing/],
      ["", /missing/],
      [`Basic ${Buffer.from("okta:secret").toString("base64")}`, /bearer/i],
      [scim.token.token, /bearer/i],
      ["Bearer", /bearer/i],
      ["Bearer acscim_" + "A".repeat(43), /not a SCIM token/],
      ["Bearer some.jwt.token", /not a SCIM token/],
      [`Bearer ${revoked.token}`, /revoked/],
    ];
    for (const [authorization, why] of attempts) {
      const r = await call("GET", "/Users", undefined, { authorization });
      const detail = fails(r, 401, null);
      expect(detail).toMatch(why);
      expect(r.headers["WWW-Authenticate"]).toMatch(/^Bearer\b/);
      expect(detail).not.toContain(revoked.token);
    }
    expect((await call("GET", "/Users", undefined, { authorization: `Bearer ${expiring.token}` })).status).toBe(200);
    clock += 120_000;
    const expired = await call("GET", "/Users", undefined, { authorization: `Bearer ${expiring.token}` });
    expect(fails(expired, 401, null)).toMatch(/expired/);
    expect(expired.headers["WWW-Authenticate"]).toMatch(/^Bearer\b/);
    // Writes too, and before the body is even looked at.
    fails(await call("POST", "/Users", "not json", { authorization: undefined }), 401, null);
  });
});

describe("403, 404, 405, 409, 413, 415, 429, 501", () => {
  it("403 while Directory Integration is off", async () => {
    const off = await createScimTestEnv({ directoryIntegration: false });
    const detail = fails(await off.call("POST", "/Users", userBody("ada@example.com")), 403, null);
    expect(detail).toMatch(/Directory Integration is off/);
  });

  it("404 for an unknown id and an unknown route", async () => {
    expect(fails(await call("GET", "/Users/does-not-exist"), 404, null)).toContain("does-not-exist");
    fails(await call("GET", `/Users/${user.id.toUpperCase()}`), 404, null); // ids are case-sensitive
    fails(await call("GET", `/Groups/${user.id}`), 404, null);
    fails(await call("PATCH", "/Groups/nope", patchBody({ op: "replace", path: "displayName", value: "x" })), 404, null);
    fails(await call("DELETE", "/Groups/nope"), 404, null);
    for (const path of ["/", "/Foo", "/Users/a/b", "/v2/Users", "/Schemas/urn:x/extra"]) {
      expect(fails(await call("GET", path), 404, null)).toMatch(/Users/);
    }
    fails(await call("GET", "/Users/%E0%A4%A"), 404, null); // a broken percent-encoding is no id either
  });

  it("405 for a method the endpoint does not have, with Allow", async () => {
    const cases: [string, string, string][] = [
      ["DELETE", "/Users", "GET, POST"],
      ["PUT", "/Groups", "GET, POST"],
      ["POST", "/Users/{id}", "GET, PUT, PATCH, DELETE"],
      ["PUT", "/ServiceProviderConfig", "GET"],
      ["DELETE", "/Schemas", "GET"],
      ["PATCH", "/Users/.search", "POST"],
    ];
    for (const [method, path, allow] of cases) {
      const r = await call(method, path.replace("{id}", user.id), method === "DELETE" ? undefined : {});
      fails(r, 405, null);
      expect(r.headers.Allow).toBe(allow);
    }
  });

  it("409 uniqueness: userName case-insensitively, group displayName", async () => {
    fails(await call("POST", "/Users", userBody("ADA@Example.COM")), 409, "uniqueness");
    const bob = (await call("POST", "/Users", userBody("bob@example.com"))).json;
    fails(await call("PATCH", `/Users/${bob.id}`, patchBody({ op: "replace", path: "userName", value: "Ada@example.com" })), 409, "uniqueness");
    fails(await call("PUT", `/Users/${bob.id}`, userBody("ada@EXAMPLE.com")), 409, "uniqueness");
    expect(fails(await call("POST", "/Groups", groupBody("READERS")), 409, "uniqueness")).toContain("Readers");
    const other = (await call("POST", "/Groups", groupBody("Writers"))).json;
    fails(await call("PATCH", `/Groups/${other.id}`, patchBody({ op: "replace", path: "displayName", value: "readers" })), 409, "uniqueness");
    fails(await call("PUT", `/Groups/${other.id}`, groupBody("Readers")), 409, "uniqueness");
    expect((await call("GET", `/Users/${bob.id}`)).json.userName).toBe("bob@example.com");
  });

  it("413 past the body limit (maxPayloadSize)", async () => {
    const big = userBody("big@example.com", { displayName: "x".repeat(70 * 1024) });
    expect(fails(await call("POST", "/Users", big), 413, null)).toContain(String(64 * 1024));
    fails(await call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "title", value: "y".repeat(70 * 1024) })), 413, null);
    // RFC 7643 §5 defines maxPayloadSize only under bulk (issue 11, item 15).
    const config = (await call("GET", "/ServiceProviderConfig")).json;
    expect(config.bulk.maxPayloadSize).toBe(64 * 1024);
    expect(config).not.toHaveProperty("maxPayloadSize");
  });

  it("415 for a content type other than SCIM or JSON", async () => {
    for (const contentType of ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const detail = fails(await call("POST", "/Users", userBody("bob@example.com"), { contentType }), 415, null);
      expect(detail).toContain("application/scim+json");
    }
    for (const contentType of ["application/json", "application/scim+json; charset=utf-8", "Application/SCIM+JSON", undefined]) {
      const r = await call("PUT", `/Users/${user.id}`, userBody("ada@example.com"), { contentType });
      expect(r.status, String(contentType)).toBe(200);
    }
  });

  it("429 with Retry-After past the per-token rate limit; the limit refills", async () => {
    let clock = Date.now();
    const limited = await createScimTestEnv({ rateLimitPerMinute: 3, now: () => clock });
    for (let i = 0; i < 3; i++) expect((await limited.call("GET", "/Users")).status).toBe(200);
    const r = await limited.call("GET", "/Users");
    fails(r, 429, null);
    expect(Number(r.headers["Retry-After"])).toBeGreaterThanOrEqual(1);
    expect((await limited.call("POST", "/Users", userBody("x@example.com"))).status).toBe(429);
    clock += Number(r.headers["Retry-After"]) * 1000;
    expect((await limited.call("GET", "/Users")).status).toBe(200);
  });

  it("412 when If-Match names an old version", async () => {
    const detail = fails(await call("PUT", `/Users/${user.id}`, userBody("ada@example.com"), { ifMatch: 'W/"0"' }), 412, null);
    expect(detail).toContain(user.meta.version);
  });

  it("501 for /Bulk and /Me, which the service does not offer", async () => {
    fails(await call("POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [] }), 501, null);
    fails(await call("GET", "/Me"), 501, null);
  });
});

describe("a 500", () => {
  it("never leaks internals, is reported to onError and logged", async () => {
    const reported: unknown[] = [];
    const service = createScimService({ db: scim.db, maxBodyBytes: 1024, rateLimitPerMinute: 1000, onError: (e) => reported.push(e) });
    await scim.db.execute("ALTER TABLE groups RENAME TO groups_away");
    const r = await callScim(service, "https://x.example/scim/v2", "GET", "/Groups", undefined, { authorization: scim.authorization });
    expect(r.status).toBe(500);
    expect(r.json).toEqual({ schemas: [ERROR_URN], status: "500", detail: expect.any(String) });
    expect(r.body).not.toMatch(/groups|sqlite|no such table/i);
    expect(reported).toHaveLength(1);
    await scim.db.execute("ALTER TABLE groups_away RENAME TO groups");
    await service.flush();
    const logged = await scim.db.rows("SELECT status FROM activity WHERE kind = 'scim' AND path = '/Groups' AND method = 'GET'");
    expect(logged).toEqual([{ status: 500 }]);
  });
});

describe("never a 500", () => {
  const weird: unknown[] = [
    null, [], 0, "", "x", true, {}, { schemas: null }, { schemas: [null] }, { schemas: [{}] },
    { schemas: [SCHEMA_URNS.user], userName: ["a"] }, { schemas: [SCHEMA_URNS.user], userName: { value: "a" } },
    { schemas: [SCHEMA_URNS.user], userName: "a@example.com", emails: [[]] },
    { schemas: [SCHEMA_URNS.user], userName: "a@example.com", emails: [{ value: "a@example.com", primary: "maybe" }] },
    { schemas: [SCHEMA_URNS.user], userName: "a@example.com", addresses: [{ country: 1 }] },
    { schemas: [SCHEMA_URNS.user], userName: "a@example.com", x509Certificates: [{ value: "not base64!!" }] },
    { schemas: [SCHEMA_URNS.user], userName: "a@example.com", [ENTERPRISE]: { manager: 5 } },
    { schemas: [SCHEMA_URNS.user], userName: "a@example.com", [ENTERPRISE]: { manager: { value: [] } } },
    { schemas: [SCHEMA_URNS.user], userName: "a@example.com", roles: [{ value: { nested: true } }] },
    { schemas: [SCHEMA_URNS.user], userName: "a".repeat(5000) + "@example.com" },
    { schemas: [SCHEMA_URNS.user], userName: "\u0000@example.com" },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "add", path: "members", value: "x" }] },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "add", path: "members", value: [{ value: 1 }] }] },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "remove", path: 'members[display co "x"]' }] },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "remove", path: "members[value pr]" }] },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "replace", path: "emails[value pr].primary", value: true }] },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "replace", path: `${ENTERPRISE}`, value: { department: "x" } }] },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "replace", path: "urn:x:y:z", value: 1 }] },
    { schemas: [SCHEMA_URNS.patchOp], Operations: [{ op: "add", value: { [SEAT]: { smartsheetLicensedUser: "True" } } }] },
    { schemas: [SCHEMA_URNS.searchRequest], filter: "", count: -5, startIndex: "0" },
    { schemas: [SCHEMA_URNS.searchRequest], sortBy: "nope" },
    { schemas: [SCHEMA_URNS.searchRequest], sortBy: 5 },
  ];

  it("for odd bodies on every write endpoint", async () => {
    const targets: [string, string][] = [
      ["POST", "/Users"],
      ["PUT", `/Users/${user.id}`],
      ["PATCH", `/Users/${user.id}`],
      ["POST", "/Groups"],
      ["PUT", `/Groups/${group.id}`],
      ["PATCH", `/Groups/${group.id}`],
      ["POST", "/Users/.search"],
      ["POST", "/Groups/.search"],
    ];
    for (const [method, path] of targets) {
      for (const body of weird) {
        const r = await call(method, path, JSON.stringify(body));
        expect(r.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}: ${r.body}`).toBeLessThan(500);
        expect(scimShapeProblems(r), `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toEqual([]);
      }
    }
  });

  it("for odd query strings", async () => {
    const queries = [
      "filter=%", "filter=userName%20eq%20%22%", "attributes=,,,", "excludedAttributes=urn:", "sortBy=", "sortBy=emails",
      "sortBy=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "count=99999999999999999999",
      "startIndex=1e3", "filter=" + encodeURIComponent("userName eq " + '"x" or '.repeat(200) + '"y"'),
      "filter=" + encodeURIComponent("(".repeat(500) + 'userName eq "x"' + ")".repeat(500)),
      "filter=" + encodeURIComponent('emails[value eq "a"] and members[value eq "b"]'),
      "filter=" + encodeURIComponent('groups.value eq "x"'),
      "filter=" + encodeURIComponent(`${SEAT}:seatType eq "Member"`),
    ];
    for (const query of queries) {
      for (const resource of ["Users", "Groups"]) {
        const r = await call("GET", `/${resource}?${query}`);
        expect(r.status, `${resource}?${query.slice(0, 80)}: ${r.body}`).toBeLessThan(500);
        expect(scimShapeProblems(r, true)).toEqual([]);
      }
    }
  });
});
