import { describe, expect, it } from "vitest";
import { createScimTestEnv, groupBody, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { findUserById } from "@/lib/users/user-queries";
import { hasSystemAdminRights } from "./has-system-admin-rights";
import { setGroupMapping } from "./map-group-role";

async function setUp() {
  const scim = await createScimTestEnv();
  const create = async (userName: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const res = await scim.call("POST", "/Users", userBody(userName, extra));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return (res.json as { id: string }).id;
  };
  const rights = async (id: string) => hasSystemAdminRights(scim.db, (await findUserById(scim.db, id))!);
  return { scim, create, rights };
}

describe("hasSystemAdminRights", () => {
  it("holds for each System Admin role, SYSTEM_ADMIN and smartsheetSystemAdmin; not for Member roles", async () => {
    const { create, rights } = await setUp();
    for (const role of ["USER_ADMIN", "PAYMENT_ADMIN", "DATA_ADMIN", "SYSTEM_ADMIN", "system_admin"]) {
      expect(await rights(await create(`${role.toLowerCase()}.${role === "system_admin" ? "lower" : "upper"}@example.com`, { roles: [{ value: role }] })), role).toBe(true);
    }
    expect(await rights(await create("ext@example.com", { [SCHEMA_URNS.seatUser]: { smartsheetSystemAdmin: true } }))).toBe(true);
    expect(await rights(await create("member@example.com", { roles: [{ value: "LICENSED_USER" }, { value: "GROUP_ADMIN" }] }))).toBe(false);
    expect(await rights(await create("plain@example.com"))).toBe(false);
  });

  it("follows a SCIM PATCH that removes the role, and deactivation", async () => {
    const { scim, create, rights } = await setUp();
    const id = await create("ada@example.com", { roles: [{ value: "USER_ADMIN" }] });
    expect(await rights(id)).toBe(true);
    const removed = await scim.call("PATCH", `/Users/${id}`, patchBody({ op: "remove", path: "roles" }));
    expect(removed.status, JSON.stringify(removed.json)).toBe(200);
    expect(await rights(id)).toBe(false);

    const bob = await create("bob@example.com", { roles: [{ value: "DATA_ADMIN" }] });
    expect((await scim.call("PATCH", `/Users/${bob}`, patchBody({ op: "replace", value: { active: false } }))).status).toBe(200);
    expect(await rights(bob)).toBe(false);
  });

  it("holds through a pushed group mapped to a System Admin role, and ends with the mapping or the membership", async () => {
    const { scim, create, rights } = await setUp();
    const id = await create("ada@example.com");
    const other = await create("bob@example.com");
    const group = await scim.call("POST", "/Groups", groupBody("Okta Admins", [id, other]));
    expect(group.status).toBe(201);
    const groupId = (group.json as { id: string }).id;
    expect(await rights(id)).toBe(false);

    await setGroupMapping(scim.db, "Okta Admins", "LICENSED_USER", TEST_ADMIN, Date.now());
    expect(await rights(id)).toBe(false);
    await setGroupMapping(scim.db, "Okta Admins", "PAYMENT_ADMIN", TEST_ADMIN, Date.now());
    expect([await rights(id), await rights(other)]).toEqual([true, true]);

    const left = await scim.call("PATCH", `/Groups/${groupId}`, patchBody({ op: "remove", path: `members[value eq "${other}"]` }));
    expect(left.status, JSON.stringify(left.json)).toBeLessThan(300);
    expect([await rights(id), await rights(other)]).toEqual([true, false]);

    await setGroupMapping(scim.db, "Okta Admins", null, TEST_ADMIN, Date.now());
    expect(await rights(id)).toBe(false);
  });
});
