import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { setPlan } from "@/lib/plan/set-plan";
import { createScimTestEnv, groupBody, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { getProvisioningAlert } from "./get-provisioning-alert";
import { listRefusedWhileOff } from "./list-refused-while-off";

/** A clock the test moves, shared by the SCIM service and the DI switch. */
function clock(start = Date.UTC(2026, 11, 1, 9)) {
  let t = start;
  return { now: () => t, tick: (ms = 1000) => (t += ms) };
}

describe("getProvisioningAlert", () => {
  it("is null while DI is on, and without a plan", async () => {
    expect(await getProvisioningAlert(await openTestDatabase(), Date.now())).toBeNull();
    const scim = await createScimTestEnv();
    expect(await getProvisioningAlert(scim.db, Date.now())).toBeNull();
  });

  it("is null when DI was never on and no user came from SCIM (setup in progress)", async () => {
    const db = await openTestDatabase();
    await setPlan(db, { name: "Acme", primaryEmail: "it@example.com" }, TEST_ADMIN);
    expect(await getProvisioningAlert(db, Date.now())).toBeNull();
  });

  it("shows for a plan with SCIM users even if DI was never on", async () => {
    const db = await openTestDatabase();
    await setPlan(db, { name: "Acme", primaryEmail: "it@example.com" }, TEST_ADMIN);
    await db.execute("INSERT INTO users (id, user_name, user_name_norm, resource) VALUES ('u1', 'ada@example.com', 'ada@example.com', '{}')");
    expect(await getProvisioningAlert(db, Date.now())).toEqual({ offSince: null, refused: 0, refusedChanges: 0 });
  });

  it("counts the requests refused since DI went off, not other failures nor those of an earlier off period", async () => {
    const c = clock();
    const scim = await createScimTestEnv({ now: c.now });
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
    expect((await scim.call("POST", "/Users", userBody("not-valid"))).status).toBe(400); // a failure, not a DI refusal

    // A first off period, with one refusal.
    c.tick();
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, c.tick());
    c.tick();
    expect((await scim.call("GET", "/Users")).status).toBe(403);
    await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, c.tick());

    // The current off period.
    const offAt = c.tick();
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, offAt);
    c.tick();
    const refused = [
      await scim.call("GET", '/Users?filter=userName eq "bob@example.com"'),
      await scim.call("POST", "/Users", userBody("bob@example.com")),
      await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", value: { active: false } })),
      await scim.call("POST", "/Users/.search", { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"] }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect((await scim.call("GET", "/Users", undefined, { authorization: "Bearer nope" })).status).toBe(401);
    await scim.service.flush();

    expect(await getProvisioningAlert(scim.db, c.tick())).toEqual({ offSince: offAt, refused: 4, refusedChanges: 2 });
  });
});

describe("listRefusedWhileOff", () => {
  it("lists the users and groups whose changes were refused in the last off period, once DI is on again", async () => {
    const c = clock();
    const scim = await createScimTestEnv({ now: c.now });
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com", { displayName: "Ada Lovelace" }))).json;
    const bob = (await scim.call("POST", "/Users", userBody("bob@example.com"))).json;
    const group = (await scim.call("POST", "/Groups", groupBody("Engineering", [ada.id]))).json;
    c.tick();
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, c.tick());
    expect(await listRefusedWhileOff(scim.db, { now: c.tick() })).toBeNull(); // DI off: the banner speaks, not this list

    c.tick();
    const deactivate = patchBody({ op: "replace", value: { active: false } });
    expect((await scim.call("PATCH", `/Users/${ada.id}`, deactivate)).status).toBe(403);
    c.tick();
    expect((await scim.call("PATCH", `/Users/${ada.id}`, deactivate)).status).toBe(403);
    c.tick();
    expect((await scim.call("DELETE", `/Users/${bob.id}`)).status).toBe(403);
    expect((await scim.call("GET", `/Users/${bob.id}`)).status).toBe(403); // a read: counted, not a change
    expect((await scim.call("POST", "/Users", userBody("cyd@example.com"))).status).toBe(403);
    expect((await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: bob.id }] }))).status).toBe(403);
    await scim.service.flush();
    const onAt = c.tick();
    await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, onAt);
    // After DI is on again, requests succeed and are not "refused while off".
    c.tick();
    expect((await scim.call("PATCH", `/Users/${bob.id}`, deactivate)).status).toBe(200);
    await scim.service.flush();

    const list = await listRefusedWhileOff(scim.db, { now: c.tick() });
    expect(list).not.toBeNull();
    expect(list!.onAt).toBe(onAt);
    expect(list!.refused).toBe(6);
    expect(list!.creates).toBe(1);
    expect(list!.userCount).toBe(2);
    expect(list!.users.map((u) => [u.userName, u.requests, u.methods])).toEqual([
      ["bob@example.com", 1, ["DELETE"]],
      ["ada@example.com", 2, ["PATCH"]],
    ]);
    expect(list!.users[1]).toMatchObject({ displayName: "Ada Lovelace", status: "active" });
    expect(list!.groups).toEqual([{ groupId: group.id, displayName: "Engineering", requests: 1, lastAt: expect.any(Number) }]);
    expect(list!.groupCount).toBe(1);

    expect((await listRefusedWhileOff(scim.db, { now: c.tick(), limit: 1 }))!.users).toHaveLength(1);
    await expect(listRefusedWhileOff(scim.db, { now: c.tick(), limit: 0 })).rejects.toThrow();
    // Thirty days after DI came back on, the list leaves the Overview (Activity keeps the requests).
    expect(await listRefusedWhileOff(scim.db, { now: onAt + 30 * 86_400_000 })).not.toBeNull();
    expect(await listRefusedWhileOff(scim.db, { now: onAt + 30 * 86_400_000 + 1 })).toBeNull();
  });

  it("is null when DI was never turned off, or nothing was refused while it was", async () => {
    const c = clock();
    const scim = await createScimTestEnv({ now: c.now });
    expect(await listRefusedWhileOff(scim.db, { now: c.tick() })).toBeNull();
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, c.tick());
    await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, c.tick());
    expect(await listRefusedWhileOff(scim.db, { now: c.tick() })).toBeNull();
  });
});
