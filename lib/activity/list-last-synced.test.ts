import { describe, expect, it } from "vitest";
import { setUserSeat } from "@/lib/directory/set-user-seat";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { getLastSynced, listLastSynced } from "./list-last-synced";

describe("listLastSynced", () => {
  it("is the newest successful SCIM request about each user, not a list query, a failure or an admin's change", async () => {
    let clock = Date.UTC(2026, 11, 1, 9, 0);
    const scim = await createScimTestEnv({ now: () => clock });
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    clock += 60_000;
    const bob = (await scim.call("POST", "/Users", userBody("bob@example.com"))).json.id as string;
    const created = clock;
    clock += 60_000;
    const read = clock;
    expect((await scim.call("GET", `/Users/${ada}`)).status).toBe(200);
    clock += 60_000;
    // A list query names nobody, a refused write is not a sync, an admin is not the IdP.
    await scim.call("GET", `/Users?filter=${encodeURIComponent('userName eq "bob@example.com"')}`);
    expect((await scim.call("PUT", `/Users/${bob}`, { schemas: [] })).status).toBeGreaterThanOrEqual(400);
    await setUserSeat(scim.db, bob, "No Access", TEST_ADMIN, clock);
    await scim.service.flush();

    expect(await listLastSynced(scim.db, [ada, bob, "unknown", ada])).toEqual(
      new Map([
        [ada, read],
        [bob, created],
      ]),
    );
    expect(await getLastSynced(scim.db, "unknown")).toBeNull();
  });
});
