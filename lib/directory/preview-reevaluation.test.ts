import { describe, expect, it } from "vitest";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { listPendingSeatChanges, previewReevaluation } from "./preview-reevaluation";
import { turnOffDirectoryIntegration } from "./set-directory-integration";
import { setUserSeat } from "./set-user-seat";

const DAY = 86_400_000;

describe("listPendingSeatChanges", () => {
  it("decides every seat again only after a seat input changed or a review period ended", () => {
    const scim = createScimTestEnv();
    const ada = scim.call("POST", "/Users", userBody("ada@example.com")).json.id as string;
    const bob = scim.call("POST", "/Users", userBody("bob@example.com")).json.id as string;
    turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    setUserSeat(scim.db, ada, "Member", TEST_ADMIN, Date.now());
    const now = Date.now();
    const first = listPendingSeatChanges(scim.db, now);
    expect(first.down.map((c) => c.userId)).toEqual([ada]);
    expect(listPendingSeatChanges(scim.db, now + 1000)).toBe(first);

    // Writes the seat engine does not read leave the decisions as they are.
    scim.db.execute("UPDATE users SET last_sign_in_at = ?, display_name = 'Ada L' WHERE id = ?", now, ada);
    scim.call("GET", "/Users");
    scim.service.flush();
    expect(listPendingSeatChanges(scim.db, now)).toBe(first);
    expect(previewReevaluation(scim.db, now).changes).toEqual([expect.objectContaining({ userId: ada, displayName: "Ada L" })]);

    // A write that sets a seat column to the value it has is no change either.
    scim.db.execute("UPDATE users SET seat_type = seat_type WHERE id = ?", bob);
    expect(listPendingSeatChanges(scim.db, now)).toBe(first);

    setUserSeat(scim.db, bob, "Member", TEST_ADMIN, now);
    const second = listPendingSeatChanges(scim.db, now);
    expect(second).not.toBe(first);
    expect(second.down.map((c) => c.userId).sort()).toEqual([ada, bob].sort());

    // A review period ending between two reads: decided again (the reasons name it).
    scim.db.execute("UPDATE users SET review_ends_at = ? WHERE id = ?", now + DAY, bob);
    const third = listPendingSeatChanges(scim.db, now);
    expect(listPendingSeatChanges(scim.db, now + DAY - 1)).toBe(third);
    expect(listPendingSeatChanges(scim.db, now + DAY)).not.toBe(third);
  });
});
