/**
 * Input the SCIM service must refuse cleanly (issue 11, items 9, 10, 11, 12, 15, 16, 17):
 * an RFC 7644 error naming the problem, never a 500 and never a slow answer. Through the
 * real service on a real SQLite database; the limits are those of lib/scim/limits.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import {
  MAX_ATTRIBUTE_NAMES,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
  MAX_MEMBERS_PER_REQUEST,
  MAX_MULTI_VALUES,
  MAX_PATCH_OPERATIONS,
  MAX_PATH_LENGTH,
  MAX_START_INDEX,
  MAX_STRING_LENGTH,
} from "./limits";
import {
  createScimTestEnv,
  groupBody,
  patchBody,
  scimShapeProblems,
  userBody,
  type ScimTestEnv,
  type ScimTestResponse,
} from "./test-support";
import * as groupRoutes from "./routes/groups";
import type { ScimCall } from "./routes/route-types";
import * as userRoutes from "./routes/users";

const ENTERPRISE = SCHEMA_URNS.enterpriseUser;

let scim: ScimTestEnv;
beforeEach(async () => {
  scim = await createScimTestEnv({ domains: ["example.com", "xn--bcher-kva.example"], maxBodyBytes: 4 * 1024 * 1024 });
});

/** Asserts an RFC 7644 error of `status`/`scimType` and returns its detail. */
function refused(response: ScimTestResponse, status: number, scimType: string | null): string {
  expect(response.status, response.body).toBe(status);
  expect(scimShapeProblems(response, true)).toEqual([]);
  expect(response.json.scimType ?? null).toBe(scimType);
  return response.json.detail as string;
}

const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

/** Runs `fn` and returns its result and how long it took (ms). */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

describe("item 9: filter and PATCH path limits", () => {
  it("the issue's inputs (5,000 nested parentheses, a 2,000-term `and`) are 400 invalidFilter, fast", async () => {
    const nested = "(".repeat(5000) + 'userName eq "a"' + ")".repeat(5000);
    const chain = Array.from({ length: 2000 }, (_, i) => `userName eq "u${i}"`).join(" and ");
    for (const filter of [nested, chain]) {
      const [response, ms] = await timed(async () => scim.call("GET", q(filter)));
      refused(response, 400, "invalidFilter");
      expect(ms).toBeLessThan(50);
      // POST /.search has no URL to bound it: the same limits apply.
      refused(await scim.call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], filter }), 400, "invalidFilter");
    }
  });

  it("nesting past the depth limit is refused naming it, before the parser recurses", async () => {
    const filter = "(".repeat(2000) + 'userName eq "a"' + ")".repeat(2000);
    expect(filter.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
    expect(refused(await scim.call("GET", q(filter)), 400, "invalidFilter")).toContain(`${MAX_FILTER_DEPTH} levels`);
  });

  it("5,000 nested `not` and value filters inside parentheses are refused the same way", async () => {
    refused(await scim.call("GET", q("not ".repeat(MAX_FILTER_DEPTH + 1) + 'userName eq "a"')), 400, "invalidFilter");
    refused(await scim.call("GET", q("(".repeat(MAX_FILTER_DEPTH) + 'emails[value eq "a"]' + ")".repeat(MAX_FILTER_DEPTH))), 400, "invalidFilter");
    // At the limit it is answered.
    const atLimit = "(".repeat(MAX_FILTER_DEPTH) + 'userName eq "a"' + ")".repeat(MAX_FILTER_DEPTH);
    expect((await scim.call("GET", q(atLimit))).status).toBe(200);
  });

  it("a 2,000-term `and` is 400 invalidFilter naming the term limit, not SQLite's 'Expression tree is too large'", async () => {
    const terms = (n: number, join: string) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(join);
    // Short terms, so the filter fits the length limit and the term count refuses it.
    const short = Array.from({ length: MAX_FILTER_TERMS + 1 }, () => "id pr").join(" and ");
    expect(short.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
    const [response, ms] = await timed(async () => scim.call("GET", q(short)));
    expect(refused(response, 400, "invalidFilter")).toContain(`${MAX_FILTER_TERMS} comparisons`);
    expect(ms).toBeLessThan(50);
    // At the limit every shape still compiles within SQLite's expression depth.
    for (const join of [" and ", " or "]) {
      const filter = terms(MAX_FILTER_TERMS, join);
      expect(filter.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
      expect((await scim.call("GET", q(filter))).status).toBe(200);
    }
    const emails = Array.from({ length: MAX_FILTER_TERMS }, (_, i) => `emails[value eq "u${i}@example.com"]`).join(" or ");
    expect((await scim.call("GET", q(emails))).status).toBe(200);
    const groups = Array.from({ length: MAX_FILTER_TERMS }, (_, i) => `displayName eq "g${i}"`).join(" or ");
    expect((await scim.call("GET", `/Groups?filter=${encodeURIComponent(groups)}`)).status).toBe(200);
  });

  it("a filter longer than the length limit is refused before it is parsed", async () => {
    const filter = `userName eq "${"a".repeat(MAX_FILTER_LENGTH)}"`;
    expect(refused(await scim.call("GET", q(filter)), 400, "invalidFilter")).toContain(String(MAX_FILTER_LENGTH));
    const search = await scim.call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], filter });
    refused(search, 400, "invalidFilter");
  });

  it("PATCH paths: too long, too deep or too many terms is 400 invalidPath", async () => {
    const user = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
    const patch = async (path: string) => scim.call("PATCH", `/Users/${user.id}`, patchBody({ op: "remove", path }));
    expect(refused(await patch(`emails[value eq "${"a".repeat(MAX_PATH_LENGTH)}"]`), 400, "invalidPath")).toContain(String(MAX_PATH_LENGTH));
    refused(await patch(`emails[${"(".repeat(300)}value eq "a"${")".repeat(300)}]`), 400, "invalidPath");
    refused(await patch(`emails[${Array.from({ length: 300 }, () => "value pr").join(" or ")}]`), 400, "invalidPath");
  });

  it("the hot existence check is unchanged", async () => {
    await scim.call("POST", "/Users", userBody("ada@example.com"));
    expect((await scim.call("GET", q('userName eq "ada@example.com"'))).json.totalResults).toBe(1);
  });
});

describe("item 10: attribute length and count limits", () => {
  it("a 1 MB userName is 400 invalidValue naming userName", async () => {
    const detail = refused(await scim.call("POST", "/Users", userBody(`${"a".repeat(1024 * 1024)}`)), 400, "invalidValue");
    expect(detail).toContain("'userName'");
    expect(detail).toContain(String(MAX_STRING_LENGTH));
  });

  it("caps every string attribute, in POST, PUT and PATCH, naming it", async () => {
    const long = "x".repeat(MAX_STRING_LENGTH + 1);
    expect(refused(await scim.call("POST", "/Users", userBody("ada@example.com", { displayName: long })), 400, "invalidValue")).toContain("'displayName'");
    expect(refused(await scim.call("POST", "/Users", userBody("ada@example.com", { name: { givenName: long } })), 400, "invalidValue")).toContain("'name.givenName'");
    expect(
      refused(await scim.call("POST", "/Users", userBody("ada@example.com", { [ENTERPRISE]: { department: long } })), 400, "invalidValue"),
    ).toContain(`'${ENTERPRISE}:department'`);
    const user = await scim.call("POST", "/Users", userBody("ada@example.com", { displayName: "x".repeat(MAX_STRING_LENGTH) }));
    expect(user.status).toBe(201);
    expect(refused(await scim.call("PUT", `/Users/${user.json.id}`, userBody("ada@example.com", { title: long })), 400, "invalidValue")).toContain("'title'");
    expect(
      refused(await scim.call("PATCH", `/Users/${user.json.id}`, patchBody({ op: "replace", path: "nickName", value: long })), 400, "invalidValue"),
    ).toContain("'nickName'");
    expect(refused(await scim.call("POST", "/Groups", groupBody(long)), 400, "invalidValue")).toContain("'displayName'");
  });

  it("an email value over 254 characters is refused naming it", async () => {
    const address = `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example.com`;
    expect(address.length).toBeGreaterThan(254);
    const detail = refused(
      await scim.call("POST", "/Users", userBody("ada@example.com", { emails: [{ value: "ada@example.com", primary: true }, { value: address }] })),
      400,
      "invalidValue",
    );
    expect(detail).toContain("'emails[1].value'");
    expect(detail).toContain("254");
  });

  it("caps the number of values of a multi-valued attribute, and of group members in one request", async () => {
    const phones = Array.from({ length: MAX_MULTI_VALUES + 1 }, (_, i) => ({ value: `+1 555 ${i}` }));
    expect(refused(await scim.call("POST", "/Users", userBody("ada@example.com", { phoneNumbers: phones })), 400, "invalidValue")).toContain("'phoneNumbers'");
    const user = await scim.call("POST", "/Users", userBody("ada@example.com", { phoneNumbers: phones.slice(1) }));
    expect(user.status).toBe(201);
    // A PATCH that would leave more than the limit is refused when the result is re-validated.
    const patched = await scim.call("PATCH", `/Users/${user.json.id}`, patchBody({ op: "add", path: "phoneNumbers", value: [{ value: "+1 555 extra" }] }));
    expect(refused(patched, 400, "invalidValue")).toContain("'phoneNumbers'");

    // One PATCH value past the limit, and many small adds past it, are refused before the
    // values are compared with each other (a 20,000-value add took 27 s).
    const many = Array.from({ length: 20_000 }, (_, i) => ({ value: `+1 555 ${i}` }));
    const [oneAdd, oneMs] = await timed(async () => scim.call("PATCH", `/Users/${user.json.id}`, patchBody({ op: "add", path: "phoneNumbers", value: many })));
    expect(refused(oneAdd, 400, "invalidValue")).toContain("'phoneNumbers'");
    const smallAdds = many.slice(0, MAX_PATCH_OPERATIONS).map((v) => ({ op: "add", path: "phoneNumbers", value: [v] }));
    const [adds, addsMs] = await timed(async () => scim.call("PATCH", `/Users/${user.json.id}`, patchBody(...smallAdds)));
    expect(refused(adds, 400, "invalidValue")).toContain("'phoneNumbers'");
    expect(oneMs + addsMs).toBeLessThan(500);

    const members = Array.from({ length: MAX_MEMBERS_PER_REQUEST + 1 }, (_, i) => ({ value: `id-${i}` }));
    expect(refused(await scim.call("POST", "/Groups", { ...groupBody("Big"), members }), 400, "invalidValue")).toContain("'members'");
    const group = (await scim.call("POST", "/Groups", groupBody("Small"))).json;
    const add = await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: members }));
    expect(refused(add, 400, "invalidValue")).toContain("'members'");
  });
});

it("item 9/10: a PATCH body with more operations than the limit is refused before any is applied", async () => {
  const user = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
  const ops = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: "replace", path: "title", value: "x" }));
  const [response, ms] = await timed(async () => scim.call("PATCH", `/Users/${user.id}`, patchBody(...ops)));
  expect(refused(response, 400, "invalidValue")).toContain(String(MAX_PATCH_OPERATIONS));
  expect(ms).toBeLessThan(100);
  expect((await scim.call("PATCH", `/Users/${user.id}`, patchBody(...ops.slice(1)))).status).toBe(200);
});

it("item 9/10: attributes and excludedAttributes list at most MAX_ATTRIBUTE_NAMES names", async () => {
  const names = Array.from({ length: MAX_ATTRIBUTE_NAMES + 1 }, (_, i) => `n${i}`);
  expect(refused(await scim.call("GET", `/Users?attributes=${names.join(",")}`), 400, "invalidValue")).toContain("'attributes'");
  expect(refused(await scim.call("GET", `/Groups?excludedAttributes=${names.join(",")}`), 400, "invalidValue")).toContain("'excludedAttributes'");
  const user = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
  refused(await scim.call("GET", `/Users/${user.id}?attributes=${names.join(",")}`), 400, "invalidValue");
  const search = async (key: string, list: string[]) =>
    scim.call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], [key]: list });
  const [response, ms] = await timed(async () => search("attributes", Array.from({ length: 100_000 }, (_, i) => `n${i}`)));
  refused(response, 400, "invalidValue");
  expect(ms).toBeLessThan(1000);
  refused(await search("excludedAttributes", names), 400, "invalidValue");
  expect((await search("attributes", names.slice(1))).status).toBe(200);
});

describe("item 11: email and userName syntax and normalisation", () => {
  it("refuses a second '@' and a full-width '＠', naming the attribute", async () => {
    expect(refused(await scim.call("POST", "/Users", userBody("x@evil.example@example.com")), 400, "invalidValue")).toContain("'userName'");
    expect(refused(await scim.call("POST", "/Users", userBody("x＠example.com")), 400, "invalidValue")).toContain("'userName'");
    expect(
      refused(await scim.call("POST", "/Users", userBody("x＠evil.example@example.com")), 400, "invalidValue"),
    ).toContain("'userName'");
    const emails = [{ value: "ada@evil.example@example.com", primary: true }];
    expect(refused(await scim.call("POST", "/Users", userBody("ada", { emails })), 400, "invalidValue")).toContain("'emails[0].value'");
  });

  it("a full-width or trailing-dot domain is the same identity: one mailbox, one seat", async () => {
    const first = await scim.call("POST", "/Users", userBody("ada@example.com"));
    expect(first.status).toBe(201);
    for (const variant of ["ada@ｅｘａｍｐｌｅ.com", "ada@example.com.", "ADA@EXAMPLE.COM."]) {
      expect(refused(await scim.call("POST", "/Users", userBody(variant)), 409, "uniqueness")).toContain(first.json.id);
    }
    // The primary email alone (a different userName): still one mailbox.
    const other = await scim.call("POST", "/Users", userBody("ada2", { emails: [{ value: "ada@ｅｘａｍｐｌｅ.com.", primary: true }] }));
    expect(other.status, other.body).toBe(201);
    // The value is kept as sent: the IdP matches by what it sent.
    expect(other.json.emails[0].value).toBe("ada@ｅｘａｍｐｌｅ.com.");
  });

  it("checks the validated-domain rule on the normalised domain (IDNA)", async () => {
    const created = await scim.call("POST", "/Users", userBody("ana@Bücher.example"));
    expect(created.status, created.body).toBe(201);
    expect(created.json.userName).toBe("ana@Bücher.example");
    refused(await scim.call("POST", "/Users", userBody("ana@xn--bcher-kva.example")), 409, "uniqueness");
    // Okta's existence check finds the user however the domain is spelled.
    for (const spelling of ["ana@Bücher.example", "ana@xn--bcher-kva.example", "ana@bücher.example."]) {
      expect((await scim.call("GET", q(`userName eq "${spelling}"`))).json.totalResults, spelling).toBe(1);
    }
    // A full-width look-alike of a domain that is not validated stays refused.
    refused(await scim.call("POST", "/Users", userBody("ana@ｅｖｉｌ.example")), 400, "invalidValue");
  });

  it("refuses control, bidirectional-override and zero-width characters in identifiers", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["a NUL in userName", userBody("ada\u0000@example.com"), "'userName'"],
      ["a newline in userName", userBody("ada\n@example.com"), "'userName'"],
      ["a right-to-left override", userBody("ada\u202Emoc@example.com"), "'userName'"],
      ["a zero-width space", userBody("ad\u200Ba@example.com"), "'userName'"],
      ["a BOM in externalId", userBody("ada@example.com", { externalId: "\uFEFFid" }), "'externalId'"],
      ["a zero-width joiner in an email", userBody("ada", { emails: [{ value: "ad\u200Da@example.com", primary: true }] }), "'emails[0].value'"],
      ["a userName that is not an address", userBody("ada\u2066x", { emails: [{ value: "ada@example.com", primary: true }] }), "'userName'"],
    ];
    for (const [name, body, mentions] of cases) {
      expect(refused(await scim.call("POST", "/Users", body), 400, "invalidValue"), name).toContain(mentions);
    }
    expect(refused(await scim.call("POST", "/Groups", groupBody("Sales\u202E")), 400, "invalidValue")).toContain("'displayName'");
    // Letters of any script are fine.
    expect((await scim.call("POST", "/Users", userBody("zoë.ñúñez@example.com"))).status).toBe(201);
  });
});

describe("item 12: unknown paths and list parameters", () => {
  it("a request target '*' and other unknown paths are a SCIM 404, never a 500", async () => {
    for (const path of ["*", "/*", "/Users/a/b", "//", "/%", "/Users/%E0%A4%A"]) {
      const response = await scim.service.handle({
        method: "GET",
        path,
        query: new URLSearchParams(),
        headers: { authorization: scim.authorization },
        body: undefined,
        baseUrl: scim.baseUrl,
      });
      expect(response.status, path).toBe(404);
      expect(JSON.parse(response.body ?? "{}").schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    }
  });

  it("startIndex=1e300 is 400 invalidValue, not a page echoing 1e+300", async () => {
    expect(refused(await scim.call("GET", "/Users?startIndex=1e300"), 400, "invalidValue")).toContain("startIndex");
    refused(await scim.call("GET", "/Users?count=1e2"), 400, "invalidValue");
    refused(await scim.call("GET", "/Users?startIndex=0x10"), 400, "invalidValue");
  });

  it("clamps startIndex and count as RFC 7644 §3.4.2.4 says", async () => {
    await scim.call("POST", "/Users", userBody("ada@example.com"));
    const low = (await scim.call("GET", "/Users?startIndex=-5&count=-3")).json;
    expect([low.startIndex, low.itemsPerPage, low.totalResults]).toEqual([1, 0, 1]);
    const high = await scim.call("GET", "/Users?startIndex=99999999999999999999999&count=99999999999999999999");
    expect(high.status, high.body).toBe(200);
    expect([high.json.startIndex, high.json.itemsPerPage, high.json.totalResults]).toEqual([MAX_START_INDEX, 0, 1]);
    const search = await scim.call("POST", "/Users/.search", { schemas: [SCHEMA_URNS.searchRequest], startIndex: 1e300, count: 1e300 });
    expect(search.status, search.body).toBe(200);
    expect(search.json.startIndex).toBe(MAX_START_INDEX);
  });
});

describe("item 15: ServiceProviderConfig", () => {
  it("has maxPayloadSize only under bulk (RFC 7643 §5)", async () => {
    const config = (await scim.call("GET", "/ServiceProviderConfig")).json;
    expect(config).not.toHaveProperty("maxPayloadSize");
    expect(config.bulk).toEqual({ supported: false, maxOperations: 0, maxPayloadSize: 4 * 1024 * 1024 });
  });
});

describe("item 16: PATCH remove of active", () => {
  it("is 400 mutability with a detail that says what to send instead, and changes nothing", async () => {
    const user = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
    for (const op of [{ op: "remove", path: "active" }, { op: "replace", path: "active", value: null }, { op: "replace", value: { active: null } }]) {
      const detail = refused(await scim.call("PATCH", `/Users/${user.id}`, patchBody(op)), 400, "mutability");
      expect(detail).toContain("'active' cannot be removed");
      expect(detail).toContain('"value": false');
    }
    const after = (await scim.call("GET", `/Users/${user.id}`)).json;
    expect([after.active, after.meta.version]).toEqual([true, user.meta.version]);
  });
});

describe("item 17: unknown attributes on writes", () => {
  it("are ignored in POST, PUT and path-less PATCH, and their names returned for the activity entry", async () => {
    const body = userBody("ada@example.com", {
      extensionAttribute1: "x",
      name: { givenName: "Ada", pronunciation: "ay-da" },
      emails: [{ value: "ada@example.com", primary: true, verified: true }],
      [ENTERPRISE]: { department: "R&D", costCenterCode: "42" },
      "urn:example:custom:2.0:User": { shoeSize: 9 },
    });
    const created = await scim.call("POST", "/Users", body);
    expect(created.status, created.body).toBe(201);
    expect(created.json).not.toHaveProperty("extensionAttribute1");
    expect(created.json.name).toEqual({ givenName: "Ada" });
    expect(created.json[ENTERPRISE]).toEqual({ department: "R&D" });
    // The request's activity entry names them, for the admin.
    await scim.service.flush();
    const entry = await scim.db.row<{ details: string }>("SELECT details FROM activity WHERE action = 'scim.post' AND user_id = ?", created.json.id);
    expect(JSON.parse(entry?.details ?? "{}").ignoredAttributes).toEqual([
      "emails.verified",
      "extensionAttribute1",
      "name.pronunciation",
      `${ENTERPRISE}:costCenterCode`,
      "urn:example:custom:2.0:User",
    ]);

    const patched = await scim.call("PATCH", `/Users/${created.json.id}`, patchBody({ op: "replace", value: { title: "Dr", favouriteColour: "green" } }));
    expect(patched.status, patched.body).toBe(200);
    expect(patched.json.title).toBe("Dr");

    // The route result carries the names, as sent, once each (the handler writes them to
    // the request's activity entry).
    const call = (body: unknown): ScimCall => ({
      db: scim.db,
      baseUrl: scim.baseUrl,
      query: new URLSearchParams(),
      body,
      ifMatch: undefined,
      ifNoneMatch: undefined,
      ctx: { cause: { kind: "scim", tokenId: null, tokenName: "Okta", requestPath: "test" }, now: Date.now() },
    });
    const expected = [
      "emails.verified",
      "extensionAttribute1",
      "name.pronunciation",
      `${ENTERPRISE}:costCenterCode`,
      "urn:example:custom:2.0:User",
    ];
    expect((await userRoutes.replaceUser(call(body), created.json.id)).ignoredAttributes).toEqual(expected);
    expect((await userRoutes.createUser(call(userBody("bo@example.com", { a: 1, b: null })))).ignoredAttributes).toEqual(["a"]);
    expect((await userRoutes.createUser(call(userBody("cy@example.com")))).ignoredAttributes).toBeUndefined();
    expect(
      (await userRoutes.patchUser(call(patchBody({ op: "add", value: { nope: 1, title: "Prof" } })), created.json.id)).ignoredAttributes,
    ).toEqual(["nope"]);
    const group = await groupRoutes.createGroup(call({ ...groupBody("Sales"), colour: "red" }));
    expect(group.ignoredAttributes).toEqual(["colour"]);
    expect(
      (await groupRoutes.patchGroup(call(patchBody({ op: "replace", value: { displayName: "Sales 2", colour: "blue" } })), group.groupId!)).ignoredAttributes,
    ).toEqual(["colour"]);
  });

  it("unknown attributes in filters and PATCH paths are still refused", async () => {
    const user = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
    refused(await scim.call("GET", q('favouriteColour eq "green"')), 400, "invalidFilter");
    refused(await scim.call("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "favouriteColour", value: "green" })), 400, "invalidPath");
  });
});
