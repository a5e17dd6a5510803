import { describe, expect, it } from "vitest";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { planBulkAction, runBulkAction } from "./run-bulk-action";

describe("bulk actions of the users list", () => {
  it("plans and applies a seat", async () => {
    const scim = await createScimTestEnv();
    const id = (await scim.call("POST", "/Users", userBody("cy@example.com"))).json.id as string;
    expect(await planBulkAction(scim.db, { action: "No Access", userIds: [id], now: Date.now() })).toMatchObject({ changed: 1 });
    expect((await findUserById(scim.db, id))?.seatType).toBe("Contributor");
    expect(await runBulkAction(scim.db, { action: "No Access", userIds: [id], actor: TEST_ADMIN, now: Date.now() })).toMatchObject({ changed: 1 });
    expect((await findUserById(scim.db, id))?.seatType).toBe("No Access");
  });

  it("plans and applies deactivation", async () => {
    const scim = await createScimTestEnv();
    const id = (await scim.call("POST", "/Users", userBody("cy@example.com"))).json.id as string;
    expect(await planBulkAction(scim.db, { action: "deactivate", userIds: [id], now: Date.now() })).toMatchObject({ changed: 1 });
    expect((await findUserById(scim.db, id))?.status).toBe("active");
    expect(await runBulkAction(scim.db, { action: "deactivate", userIds: [id], actor: TEST_ADMIN, now: Date.now() })).toMatchObject({ changed: 1 });
    expect((await findUserById(scim.db, id))?.status).toBe("deactivated");
  });
});
