import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { addGuest } from "./add-guest";
import { getUserProfile } from "./get-user-profile";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("getUserProfile", () => {
  it("reads the profile the IdP sent: names, emails, title, enterprise attributes and the manager", async () => {
    const scim = await createScimTestEnv();
    const boss = (await scim.call(
      "POST",
      "/Users",
      userBody("grace@example.com", { externalId: "00u-grace", name: { givenName: "Grace", familyName: "Hopper" } }),
    )).json;
    const created = await scim.call(
      "POST",
      "/Users",
      userBody("ada@example.com", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        externalId: "00u-ada",
        name: { givenName: "Ada", familyName: "Lovelace" },
        title: "Analyst",
        emails: [
          { value: "ada@example.com", type: "work", primary: true },
          { value: "ada.home@example.org", type: "home" },
        ],
        [ENTERPRISE]: { department: "Engineering", employeeNumber: "42", manager: { value: "00u-grace" } },
      }),
    );
    expect(created.status).toBe(201);

    const profile = await getUserProfile(scim.db, created.json.id);
    expect(profile).toMatchObject({
      userName: "ada@example.com",
      name: "Ada Lovelace",
      title: "Analyst",
      department: "Engineering",
      employeeNumber: "42",
      organization: null,
      externalId: "00u-ada",
      source: "scim",
      status: "active",
      firstSignInAt: null,
      manager: { value: "00u-grace", userId: boss.id, name: "Grace Hopper" },
    });
    expect(profile.emails).toEqual([
      { value: "ada@example.com", type: "work", primary: true },
      { value: "ada.home@example.org", type: "home", primary: false },
    ]);
  });

  it("keeps a manager the plan does not know as the bare reference", async () => {
    const scim = await createScimTestEnv();
    const created = (await scim.call(
      "POST",
      "/Users",
      userBody("lin@example.com", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        [ENTERPRISE]: { manager: { value: "someone-else" } },
      }),
    )).json;
    expect((await getUserProfile(scim.db, created.id)).manager).toEqual({ value: "someone-else", userId: null, name: null });
  });

  it("describes a Guest added in the Admin Center, who has no IdP attributes", async () => {
    const scim = await createScimTestEnv();
    const guest = await addGuest(scim.db, "partner@outside.example", TEST_ADMIN, Date.now());
    expect(await getUserProfile(scim.db, guest.id)).toMatchObject({
      userName: "partner@outside.example",
      name: null,
      title: null,
      manager: null,
      source: "admin",
      seatType: "Guest",
      emails: [expect.objectContaining({ value: "partner@outside.example", primary: true })],
    });
  });

  it("refuses an unknown user with a message", async () => {
    const scim = await createScimTestEnv();
    await expect(getUserProfile(scim.db, "nobody")).rejects.toThrow(AppError);
  });
});
