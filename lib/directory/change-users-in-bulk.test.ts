import { describe, expect, it } from "vitest";
import { listActivity } from "@/lib/activity/list-activity";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { addGuest } from "./add-guest";
import {
  deactivateUsersInBulk,
  planBulkDeactivation,
  planBulkSeatChange,
  setSeatsInBulk,
} from "./change-users-in-bulk";

const licensed = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

async function setUp() {
  const scim = await createScimTestEnv();
  const member = (await scim.call("POST", "/Users", userBody("member@example.com", licensed))).json.id as string;
  const contributor = (await scim.call("POST", "/Users", userBody("contributor@example.com"))).json.id as string;
  const guest = (await addGuest(scim.db, "guest@outside.example", TEST_ADMIN, Date.now())).id;
  return { scim, member, contributor, guest };
}

describe("bulk seat changes", () => {
  it("plans per user without saving: changes, DI overrides, no-ops and refusals with where to act", async () => {
    const { scim, member, contributor, guest } = await setUp();
    const plan = await planBulkSeatChange(scim.db, [member, contributor, guest, "missing"], "Contributor", Date.now());
    expect(plan).toMatchObject({ changed: 2, unchanged: 1, refused: 1, pendingOverride: 1 });
    const byId = new Map(plan.results.map((r) => [r.userId, r]));
    expect(byId.get(member)).toMatchObject({ ok: true, from: "Member", to: "Contributor", pendingOverride: true });
    expect(byId.get(member)).toHaveProperty("warning", expect.stringContaining("will replace Contributor with Member"));
    expect(byId.get(contributor)).toMatchObject({ ok: true, unchanged: true });
    expect(byId.get(guest)).toMatchObject({ ok: true, from: "Guest", pendingOverride: false });
    expect(byId.get("missing")).toMatchObject({ ok: false, error: "This user no longer exists." });
    expect((await findUserById(scim.db, member))?.seatType).toBe("Member");
  });

  it("refuses per user the transitions the Admin Center cannot make, and saves the others", async () => {
    const { scim, member, contributor } = await setUp();
    const outcome = await setSeatsInBulk(scim.db, [member, contributor], "Provisional Member", TEST_ADMIN, Date.now());
    expect(outcome).toMatchObject({ changed: 0, refused: 2 });
    const refusal = outcome.results.find((r) => r.userId === member);
    expect(refusal).toMatchObject({ ok: false });
    expect(refusal && !refusal.ok && refusal.error).toContain("Not possible");

    const noAccess = await setSeatsInBulk(scim.db, [member, contributor], "No Access", TEST_ADMIN, Date.now());
    expect(noAccess).toMatchObject({ changed: 2, refused: 0, pendingOverride: 0 });
    expect((await findUserById(scim.db, member))?.seatType).toBe("No Access");
    expect((await findUserById(scim.db, contributor))?.seatType).toBe("No Access");
    expect((await listActivity(scim.db, { userId: member, kind: "seat" })).entries[0]).toMatchObject({
      fromValue: "Member",
      toValue: "No Access",
      actor: TEST_ADMIN,
    });
  });

  it("deactivates per user and leaves already deactivated users as they are", async () => {
    const { scim, member, contributor } = await setUp();
    expect(await planBulkDeactivation(scim.db, [member])).toMatchObject({ changed: 1, unchanged: 0 });
    expect((await findUserById(scim.db, member))?.status).toBe("active");

    const first = await deactivateUsersInBulk(scim.db, [member], TEST_ADMIN, Date.now());
    expect(first).toMatchObject({ changed: 1 });
    const second = await deactivateUsersInBulk(scim.db, [member, contributor, member], TEST_ADMIN, Date.now());
    expect(second).toMatchObject({ changed: 1, unchanged: 1, refused: 0 });
    expect(second.results).toHaveLength(2);
    expect((await findUserById(scim.db, contributor))?.status).toBe("deactivated");
    // A deactivated user holds no seat: a seat change is refused with what to do.
    const refused = await setSeatsInBulk(scim.db, [member], "Contributor", TEST_ADMIN, Date.now());
    expect(refused.results[0]).toMatchObject({ ok: false, error: expect.stringContaining("Reactivate them first") });
  });
});
