import { describe, expect, it } from "vitest";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { listPendingSeatChanges, previewReevaluation } from "./preview-reevaluation";
import { turnOffDirectoryIntegration } from "./set-directory-integration";
import { setUserSeat } from "./set-user-seat";

const DAY = 86_400_000;

describe("listPendingSeatChanges", () => {
  it("decides every seat again only after a seat input changed or a review period ended", async () => {
    const scim = await createScimTestEnv();
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    const bob = (await scim.call("POST", "/Users", userBody("bob@example.com"))).json.id as string;
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    await setUserSeat(scim.db, ada, "Member", TEST_ADMIN, Date.now());
    const now = Date.now();
    const first = await listPendingSeatChanges(scim.db, now);
    expect(first.down.map((c) => c.userId)).toEqual([ada]);
    expect(await listPendingSeatChanges(scim.db, now + 1000)).toBe(first);

    // Writes the seat engine does not read leave the decisions as they are.
    await scim.db.execute("UPDATE users SET last_sign_in_at = ?, display_name = 'Ada L' WHERE id = ?", now, ada);
    await scim.call("GET", "/Users");
    await scim.service.flush();
    expect(await listPendingSeatChanges(scim.db, now)).toBe(first);
    expect((await previewReevaluation(scim.db, now)).changes).toEqual([expect.objectContaining({ userId: ada, displayName: "Ada L" })]);

    // A write that sets a seat column to the value it has is no change either.
    await scim.db.execute("UPDATE users SET seat_type = seat_type WHERE id = ?", bob);
    expect(await listPendingSeatChanges(scim.db, now)).toBe(first);

    await setUserSeat(scim.db, bob, "Member", TEST_ADMIN, now);
    const second = await listPendingSeatChanges(scim.db, now);
    expect(second).not.toBe(first);
    expect(second.down.map((c) => c.userId).sort()).toEqual([ada, bob].sort());

    // A review period ending between two reads: decided again (the reasons name it).
    await scim.db.execute("UPDATE users SET review_ends_at = ? WHERE id = ?", now + DAY, bob);
    const third = await listPendingSeatChanges(scim.db, now);
    expect(await listPendingSeatChanges(scim.db, now + DAY - 1)).toBe(third);
    expect(await listPendingSeatChanges(scim.db, now + DAY)).not.toBe(third);
  });
});
