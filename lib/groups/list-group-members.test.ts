import { describe, expect, it } from "vitest";
import { createScimTestEnv, groupBody, patchBody, userBody } from "@/lib/scim/test-support";
import { listGroupMembers } from "./list-group-members";

describe("listGroupMembers", () => {
  it("pages a group's members in the order they were provisioned, with the group's push times", async () => {
    let t = Date.UTC(2026, 11, 1, 9);
    const scim = await createScimTestEnv({ now: () => t });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await scim.call("POST", "/Users", userBody(`u${i}@example.com`))).json.id as string);
    const created = t;
    const group = (await scim.call("POST", "/Groups", groupBody("Engineering", ids.slice(0, 5)))).json;
    t += 60_000;
    // Okta repeats the name with a membership push: a change, so the group's time moves.
    await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: ids.slice(5).map((value) => ({ value })) }));
    const changed = t;
    t += 60_000;
    // A push that changes nothing leaves it.
    await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "replace", path: "displayName", value: "Engineering" }));
    await scim.call("PATCH", `/Users/${ids[1]}`, patchBody({ op: "replace", value: { active: false } }));
    await scim.call("DELETE", `/Users/${ids[2]}`);

    const first = await listGroupMembers(scim.db, { groupId: group.id, pageSize: 25 });
    expect(first.group).toMatchObject({ id: group.id, displayName: "Engineering", createdAt: created, updatedAt: changed, role: null });
    expect(first.total).toBe(7);
    expect(first.members.map((m) => m.userName)).toEqual(ids.map((_, i) => `u${i}@example.com`));
    expect(first.members[1]).toMatchObject({ status: "deactivated", scimDeleted: false });
    expect(first.members[2]).toMatchObject({ status: "deactivated", scimDeleted: true });
    expect(first.members[0]).toMatchObject({ status: "active", seatType: "Contributor", email: "u0@example.com", addedAt: created });
    expect(first.members[6]!.addedAt).toBe(changed);

    const rows: string[] = [];
    for (let page = 1; page <= 3; page++) {
      rows.push(...(await listGroupMembers(scim.db, { groupId: group.id, page, pageSize: 25 })).members.map((m) => m.userId));
    }
    expect(rows).toEqual(ids);
    const small: string[] = [];
    for (let i = 0; i < 30; i++) small.push((await scim.call("POST", "/Users", userBody(`m${i}@example.com`))).json.id as string);
    await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: small.map((value) => ({ value })) }));
    const page2 = await listGroupMembers(scim.db, { groupId: group.id, page: 2, pageSize: 25 });
    expect(page2.total).toBe(37);
    expect(page2.members.map((m) => m.userId)).toEqual([...ids, ...small].slice(25));
    expect((await listGroupMembers(scim.db, { groupId: group.id, page: 9, pageSize: 25 })).members).toEqual([]);
  });

  it("refuses an unknown group and bad paging with a message a person can act on", async () => {
    const scim = await createScimTestEnv();
    await expect(listGroupMembers(scim.db, { groupId: "nope" })).rejects.toThrow(/No group with id 'nope'/);
    const group = (await scim.call("POST", "/Groups", groupBody("Sales"))).json;
    await expect(listGroupMembers(scim.db, { groupId: group.id, pageSize: 7 })).rejects.toThrow(/Show 25, 50, 100 members a page/);
    await expect(listGroupMembers(scim.db, { groupId: group.id, page: 0 })).rejects.toThrow(/page is 1 or more/);
    expect(await listGroupMembers(scim.db, { groupId: group.id })).toMatchObject({ total: 0, members: [], page: 1, pageSize: 50 });
  });
});
