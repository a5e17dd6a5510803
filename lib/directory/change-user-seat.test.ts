import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { thrownBy } from "@/lib/testing/thrown-by";
import { findUserById } from "@/lib/users/user-queries";
import { changeUserSeat, previewSeatChange } from "./change-user-seat";

const LICENSED = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

function member() {
  const scim = createScimTestEnv();
  const id = scim.call("POST", "/Users", userBody("member@example.com", LICENSED)).json.id as string;
  return { db: scim.db, id };
}

describe("changeUserSeat", () => {
  it("previews DI's warning without the user's row and without saving", () => {
    const { db, id } = member();
    const plan = previewSeatChange(db, { userId: id, seat: "Contributor", now: Date.now() });
    expect(plan).toMatchObject({ from: "Member", to: "Contributor", pendingOverride: true, diSeat: "Member" });
    expect(plan).not.toHaveProperty("user");
    expect(findUserById(db, id)?.seatType).toBe("Member");
  });

  it("refuses a change DI will replace until the admin confirms it, and saves nothing", () => {
    const { db, id } = member();
    const error = thrownBy(AppError, () =>
      changeUserSeat(db, { userId: id, seat: "Contributor", confirmOverride: false, actor: TEST_ADMIN, now: Date.now() }),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/Confirm to save it anyway\.$/);
    expect(findUserById(db, id)?.seatType).toBe("Member");
  });

  it("saves a confirmed override as pending", () => {
    const { db, id } = member();
    const plan = changeUserSeat(db, { userId: id, seat: "Contributor", confirmOverride: true, actor: TEST_ADMIN, now: Date.now() });
    expect(plan).toMatchObject({ from: "Member", to: "Contributor", pendingOverride: true });
    expect(findUserById(db, id)).toMatchObject({ seatType: "Contributor", pendingOverride: true });
  });

  it("saves a change DI leaves alone without a confirmation", () => {
    const { db, id } = member();
    const plan = changeUserSeat(db, { userId: id, seat: "No Access", confirmOverride: false, actor: TEST_ADMIN, now: Date.now() });
    expect(plan).toMatchObject({ from: "Member", to: "No Access", pendingOverride: false });
    expect(findUserById(db, id)?.seatType).toBe("No Access");
  });
});
