import { describe, expect, it } from "vitest";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { REDACTED } from "./scim-body";
import { getScimRequestBodies } from "./get-scim-request-bodies";
import { listUserScimRequests, LOOKUP_WINDOW_MS, USER_SCIM_REQUESTS_PAGE_SIZE } from "./list-user-scim-requests";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const lookup = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`;

describe("listUserScimRequests", () => {
  it("lists a user's requests newest first with their bodies, the existence check under the create it preceded", async () => {
    let clock = Date.UTC(2026, 11, 1, 9, 0);
    const scim = await createScimTestEnv({ now: () => clock });
    // Okta's sequence: the existence check finds nobody, then the create (with a synced password).
    expect((await scim.call("GET", lookup("ada@example.com"))).json.totalResults).toBe(0);
    await scim.call("GET", lookup("bob@example.com"));
    clock += 50;
    const created = await scim.call("POST", "/Users", userBody("ada@example.com", { password: "Ada-Secret-1", externalId: "00u-ada" }));
    const ada = created.json.id as string;
    const bob = (await scim.call("POST", "/Users", userBody("bob@example.com"))).json.id as string;
    clock += 60_000;
    // Entra's: the query by externalId finds the user, then the PATCH; then a read by id.
    await scim.call("GET", `/Users?filter=${encodeURIComponent('externalId eq "00u-ada"')}`);
    clock += 20;
    const patch = (value: unknown) => ({ schemas: [PATCH], Operations: [{ op: "replace", value }] });
    expect((await scim.call("PATCH", `/Users/${ada}`, patch({ displayName: "Ada L." }))).status).toBe(200);
    clock += 60_000;
    expect((await scim.call("PATCH", `/Users/${ada}`, patch({ password: "Ada-Secret-2" }))).status).toBe(200);
    clock += 60_000;
    await scim.call("GET", `/Users/${ada}`);
    await scim.call("PATCH", `/Users/${bob}`, patch({ displayName: "Bob" }));
    await scim.service.flush();

    const page = await listUserScimRequests(scim.db, { userId: ada }, clock);
    expect(page.total).toBe(4);
    expect(page.entries.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "PATCH 200", "PATCH 200", "POST 201"]);
    const [read, secondPatch, firstPatch, create] = page.entries;
    expect(read!.request).toBeNull();
    expect(JSON.parse(read!.response!.text)).toMatchObject({ id: ada, displayName: "Ada L." });
    expect(JSON.parse(secondPatch!.request!.text).Operations[0].value).toEqual({ password: REDACTED });
    expect(secondPatch!.lookups).toEqual([]);
    expect(firstPatch!.lookups.map((l) => l.request?.text)).toEqual(['filter=externalId eq "00u-ada"']);
    expect(JSON.parse(firstPatch!.lookups[0]!.response!.text)).toMatchObject({ totalResults: 1 });
    expect(JSON.parse(create!.request!.text)).toMatchObject({ userName: "ada@example.com", password: REDACTED });
    expect(create!.response!.text).toBe(created.body);
    expect(create!.token).toBe("Okta");
    // Ada's own check, not Bob's made at the same moment.
    expect(create!.lookups.map((l) => l.request?.text)).toEqual(['filter=userName eq "ada@example.com"&startIndex=1&count=100']);
    expect(JSON.stringify(page)).not.toMatch(/Ada-Secret/);

    // Bob's create has his own check, and Bob's page does not show Ada's.
    const bobs = await listUserScimRequests(scim.db, { userId: bob }, clock);
    expect(bobs.entries.at(-1)!.lookups.map((l) => l.request?.text)).toEqual(['filter=userName eq "bob@example.com"&startIndex=1&count=100']);
    expect(bobs.entries.flatMap((e) => e.lookups).some((l) => l.request?.text.includes("ada"))).toBe(false);

    // The single entry, as the Activity page opens it.
    const one = await getScimRequestBodies(scim.db, create!.id, clock);
    expect(one).toMatchObject({ userId: ada, userName: "ada@example.com", kept: true, method: "POST" });
    await expect(getScimRequestBodies(scim.db, 999_999, clock)).rejects.toThrow(/No SCIM request #999999/);
  });

  it("does not take an existence check from another token, or one older than the window", async () => {
    let clock = Date.UTC(2026, 11, 1, 9, 0);
    const scim = await createScimTestEnv({ now: () => clock });
    await scim.call("GET", lookup("ada@example.com"));
    clock += LOOKUP_WINDOW_MS + 1;
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    await scim.service.flush();
    expect((await listUserScimRequests(scim.db, { userId: ada }, clock)).entries[0]!.lookups).toEqual([]);
  });

  it("pages, and refuses an unknown user", async () => {
    const scim = await createScimTestEnv();
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    for (let i = 0; i < USER_SCIM_REQUESTS_PAGE_SIZE + 2; i++) await scim.call("GET", `/Users/${ada}`);
    await scim.service.flush();
    const second = await listUserScimRequests(scim.db, { userId: ada, page: 2 }, Date.now());
    expect(second).toMatchObject({ total: USER_SCIM_REQUESTS_PAGE_SIZE + 3, page: 2, retentionDays: 14 });
    expect(second.entries.map((e) => e.method)).toEqual(["GET", "GET", "POST"]);
    await expect(listUserScimRequests(scim.db, { userId: "nobody" }, Date.now())).rejects.toThrow(/No such user/);
  });
});
