import { describe, expect, it } from "vitest";
import { updateSettings } from "@/lib/settings/update-settings";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { listUserScimRequests } from "./list-user-scim-requests";
import { pruneScimBodies } from "./prune-scim-bodies";

const DAY = 86_400_000;

describe("pruneScimBodies", () => {
  it("deletes the bodies past the plan's retention and keeps the activity entries, in batches", async () => {
    // Later than any real clock: the test env's set-up entries are stamped with the real time,
    // and ids growing with time is what pruning relies on (a clock before them failed by day).
    let clock = Date.UTC(2036, 11, 1, 9, 0);
    const scim = await createScimTestEnv({ now: () => clock });
    const bodies = async () => (await scim.db.row<{ n: number }>("SELECT count(*) AS n FROM scim_bodies"))!.n;
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    for (let i = 0; i < 4; i++) await scim.call("GET", `/Users/${ada}`);
    await scim.service.flush();
    clock += 10 * DAY;
    for (let i = 0; i < 3; i++) await scim.call("GET", `/Users/${ada}`);
    await scim.service.flush();
    expect(await bodies()).toBe(8);

    // Default 14 days: nothing is that old yet.
    expect(await pruneScimBodies(scim.db, { now: clock })).toBe(0);
    clock += 5 * DAY;
    expect(await pruneScimBodies(scim.db, { now: clock, batchRows: 2 })).toBe(5);
    expect(await bodies()).toBe(3);
    const page = await listUserScimRequests(scim.db, { userId: ada }, clock);
    expect(page.total).toBe(8);
    expect(page.entries.map((e) => e.kept)).toEqual([true, true, true, false, false, false, false, false]);
    expect(page.entries.every((e) => e.kept || e.at < page.keptSince)).toBe(true);

    // The setting: at 1 day the 5-day-old rest goes too; a second call has nothing to do.
    await updateSettings(scim.db, { scimBodyRetentionDays: 1 }, TEST_ADMIN);
    expect(await pruneScimBodies(scim.db, { now: clock })).toBe(3);
    expect(await pruneScimBodies(scim.db, { now: clock })).toBe(0);
    expect(await bodies()).toBe(0);
  });
});
