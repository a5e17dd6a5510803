import { describe, expect, it } from "vitest";
import { listGroups } from "@/lib/directory/list-groups";
import { setGroupMapping } from "@/lib/directory/map-group-role";
import { createScimTestEnv, groupBody, patchBody, TEST_ADMIN } from "@/lib/scim/test-support";
import { LAST_PUSHED_SQL } from "./last-pushed";
import { listGroupMembers } from "./list-group-members";
import { sqliteConnectionOf } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";

describe("a group's last push", () => {
  it("is the IdP's last request about the group, also one that changed nothing; an admin's mapping is not one", async () => {
    let t = Date.UTC(2026, 11, 1, 9);
    const scim = await createScimTestEnv({ now: () => t });
    const group = (await scim.call("POST", "/Groups", groupBody("Engineering"))).json;
    const created = t;
    t += 60_000;
    // Okta repeats the name with every membership push: nothing changes, yet the IdP pushed.
    expect((await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "replace", path: "displayName", value: "Engineering" }))).status).toBe(204);
    const pushed = t;
    t += 60_000;
    await setGroupMapping(scim.db, "Engineering", "LICENSED_USER", TEST_ADMIN, t);
    // A group whose requests are past the log's retention (pruned): none in the kept log.
    await scim.db.execute("INSERT INTO groups (id, display_name, display_name_norm, version, created_at, updated_at) VALUES ('g-old', 'Old', 'old', 1, 1, 1)");

    expect((await listGroupMembers(scim.db, { groupId: group.id })).group).toMatchObject({ updatedAt: created, lastPushedAt: pushed });
    expect((await listGroups(scim.db)).map((g) => [g.displayName, g.lastPushedAt])).toEqual([
      ["Engineering", pushed],
      ["Old", null],
    ]);
    expect((await listGroupMembers(scim.db, { groupId: "g-old" })).group.lastPushedAt).toBeNull();
  });

  it.skipIf(onPostgres)("reads the group's newest entries through activity_group_at_idx", async () => {
    const scim = await createScimTestEnv();
    const plan = sqliteConnectionOf(scim.db).prepare(`EXPLAIN QUERY PLAN SELECT (${LAST_PUSHED_SQL}) FROM groups g`).all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join("\n")).toContain("SEARCH a USING INDEX activity_group_at_idx (group_id=?)");
  });
});
