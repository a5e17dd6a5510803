import { describe, expect, it } from "vitest";
import { createScimTestEnv, groupBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { saveGroupMapping } from "./save-group-mapping";

describe("saveGroupMapping", () => {
  it("maps a group to a role and reports the seats it changed", async () => {
    const scim = await createScimTestEnv();
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    await scim.call("POST", "/Groups", groupBody("Okta Licensed", [ada]));
    const saved = await saveGroupMapping(scim.db, { group: "Okta Licensed", role: "LICENSED_USER", actor: TEST_ADMIN, now: Date.now() });
    expect(saved).toMatchObject({ group: "Okta Licensed", role: "LICENSED_USER", upgrades: 1, downgrades: 0 });
    expect(saved.changes).toEqual([expect.objectContaining({ userId: ada, from: "Contributor", to: "Member" })]);
    expect((await findUserById(scim.db, ada))?.seatType).toBe("Member");

    const removed = await saveGroupMapping(scim.db, { group: "okta licensed", role: null, actor: TEST_ADMIN, now: Date.now() });
    expect(removed).toMatchObject({ group: "Okta Licensed", role: null, upgrades: 0, downgrades: 1 });
  });
});
