import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { changeUserSeat, previewSeatChange } from "./change-user-seat";
import { thrownByAsync } from "@/lib/testing/thrown-by";

const LICENSED = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

async function member() {
  const scim = await createScimTestEnv();
  const id = (await scim.call("POST", "/Users", userBody("member@example.com", LICENSED))).json.id as string;
  return { db: scim.db, id };
}

describe("changeUserSeat", () => {
  it("previews DI's warning without the user's row and without saving", async () => {
    const { db, id } = await member();
    const plan = await previewSeatChange(db, { userId: id, seat: "Contributor", now: Date.now() });
    expect(plan).toMatchObject({ from: "Member", to: "Contributor", pendingOverride: true, diSeat: "Member" });
    expect(plan).not.toHaveProperty("user");
    expect((await findUserById(db, id))?.seatType).toBe("Member");
  });

  it("refuses a change DI will replace until the admin confirms it, and saves nothing", async () => {
    const { db, id } = await member();
    const error = await thrownByAsync(AppError, async () =>
      changeUserSeat(db, { userId: id, seat: "Contributor", confirmOverride: false, actor: TEST_ADMIN, now: Date.now() }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/Confirm to save it anyway\.$/);
    expect((await findUserById(db, id))?.seatType).toBe("Member");
  });

  it("saves a confirmed override as pending", async () => {
    const { db, id } = await member();
    const plan = await changeUserSeat(db, { userId: id, seat: "Contributor", confirmOverride: true, actor: TEST_ADMIN, now: Date.now() });
    expect(plan).toMatchObject({ from: "Member", to: "Contributor", pendingOverride: true });
    expect(await findUserById(db, id)).toMatchObject({ seatType: "Contributor", pendingOverride: true });
  });

  it("saves a change DI leaves alone without a confirmation", async () => {
    const { db, id } = await member();
    const plan = await changeUserSeat(db, { userId: id, seat: "No Access", confirmOverride: false, actor: TEST_ADMIN, now: Date.now() });
    expect(plan).toMatchObject({ from: "Member", to: "No Access", pendingOverride: false });
    expect((await findUserById(db, id))?.seatType).toBe("No Access");
  });
});
