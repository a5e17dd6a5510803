import { describe, expect, it } from "vitest";
import { setUserSeat } from "@/lib/directory/set-user-seat";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { getLastSynced, listLastSynced } from "./list-last-synced";

describe("listLastSynced", () => {
  it("is the newest successful SCIM request about each user, not a list query, a failure or an admin's change", () => {
    let clock = Date.UTC(2026, 11, 1, 9, 0);
    const scim = createScimTestEnv({ now: () => clock });
    const ada = scim.call("POST", "/Users", userBody("ada@example.com")).json.id as string;
    clock += 60_000;
    const bob = scim.call("POST", "/Users", userBody("bob@example.com")).json.id as string;
    const created = clock;
    clock += 60_000;
    const read = clock;
    expect(scim.call("GET", `/Users/${ada}`).status).toBe(200);
    clock += 60_000;
    // A list query names nobody, a refused write is not a sync, an admin is not the IdP.
    scim.call("GET", `/Users?filter=${encodeURIComponent('userName eq "bob@example.com"')}`);
    expect(scim.call("PUT", `/Users/${bob}`, { schemas: [] }).status).toBeGreaterThanOrEqual(400);
    setUserSeat(scim.db, bob, "No Access", TEST_ADMIN, clock);
    scim.service.flush();

    expect(listLastSynced(scim.db, [ada, bob, "unknown", ada])).toEqual(
      new Map([
        [ada, read],
        [bob, created],
      ]),
    );
    expect(getLastSynced(scim.db, "unknown")).toBeNull();
  });
});
