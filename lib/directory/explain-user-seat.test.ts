import { describe, expect, it } from "vitest";
import { createScimTestEnv, groupBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { explainUserSeat } from "./explain-user-seat";
import { listGroups } from "./list-groups";
import { recordMemberOnlyAttempt } from "./record-member-only-attempt";
import { setGroupMapping } from "./map-group-role";
import { setUserSeat } from "./set-user-seat";

describe("explainUserSeat and listGroups", () => {
  it("tells a Provisional Member's roles apart from the seat DI keeps for the review period", async () => {
    const scim = await createScimTestEnv();
    const bo = (await scim.call("POST", "/Users", userBody("bo@example.com"))).json;
    expect((await recordMemberOnlyAttempt(scim.db, bo.id, "create a sheet", Date.now())).becameProvisional).toBe(true);
    const explained = await explainUserSeat(scim.db, (await findUserById(scim.db, bo.id))!, Date.now());
    expect(explained).toMatchObject({ seat: "Provisional Member", diSeat: "Provisional Member", rolesSeat: "Contributor" });
  });

  it("names the roles and groups behind a seat and a pending override", async () => {
    const scim = await createScimTestEnv();
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com", { roles: [{ type: "USER_ADMIN", value: "USER_ADMIN" }, { value: "OWNER" }] }))).json;
    await scim.call("POST", "/Groups", groupBody("Okta Licensed", [ada.id]));
    await scim.call("POST", "/Groups", groupBody("Everyone", []));
    await setGroupMapping(scim.db, "Okta Licensed", "LICENSED_USER", TEST_ADMIN, Date.now());

    const explained = await explainUserSeat(scim.db, (await findUserById(scim.db, ada.id))!, Date.now());
    expect(explained).toMatchObject({ seat: "Member", managedByDi: true, diSeat: "Member", rolesSeat: "Member", pendingOverride: false, overrideNote: null });
    expect(explained.reason).toBe("Member: role LICENSED_USER from group 'Okta Licensed'");
    expect(explained.roles).toEqual([
      { role: "USER_ADMIN", via: "via SCIM roles" },
      { role: "LICENSED_USER", via: "from group 'Okta Licensed'" },
    ]);
    expect(explained.unknownRoles).toEqual(["OWNER"]);
    expect(explained.groups.map((g) => g.displayName)).toEqual(["Okta Licensed"]);

    await setUserSeat(scim.db, ada.id, "Contributor", TEST_ADMIN, Date.now());
    const overridden = await explainUserSeat(scim.db, (await findUserById(scim.db, ada.id))!, Date.now());
    expect(overridden.pendingOverride).toBe(true);
    expect(overridden.overrideNote).toBe("An admin set Contributor; Directory Integration will set Member at the next sync.");
    expect(overridden.reason).toMatch(/^Next sync: Member/);

    expect((await listGroups(scim.db)).map((g) => [g.displayName, g.members, g.role])).toEqual([
      ["Everyone", 0, null],
      ["Okta Licensed", 1, "LICENSED_USER"],
    ]);
    expect((await listGroups(scim.db, "licensed")).map((g) => g.displayName)).toEqual(["Okta Licensed"]);
  });
});
