import { describe, expect, it } from "vitest";
import { setUserSeat } from "@/lib/directory/set-user-seat";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { listUserHistory, USER_HISTORY_PAGE_SIZE } from "./list-user-history";

describe("listUserHistory", () => {
  it("answers the user's entries, newest first, ten a page", async () => {
    const env = await createScimTestEnv();
    await env.call("POST", "/Users", userBody("other@example.com"));
    const id = (await env.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    const seats = ["No Access", "Contributor"] as const;
    for (let i = 0; i < 12; i++) await setUserSeat(env.db, id, seats[i % 2]!, TEST_ADMIN, Date.now() + i);
    const first = await listUserHistory(env.db, { userId: id, page: 1 });
    expect(USER_HISTORY_PAGE_SIZE).toBe(10);
    expect(first).toMatchObject({ page: 1, pageSize: 10 });
    expect(first.entries).toHaveLength(10);
    expect(first.entries.every((e) => e.userId === id)).toBe(true);
    expect(first.entries[0]!.at).toBeGreaterThanOrEqual(first.entries[9]!.at);
    const second = await listUserHistory(env.db, { userId: id, page: 2 });
    // The 12 seat changes, what she was provisioned as, and the SCIM POST that created her (a
    // write's request entry is written in the write's own transaction).
    expect(first.total).toBe(14);
    expect(second.entries).toHaveLength(4);
    expect(second.entries.map((e) => e.action)).toContain("seat.provisioned");
    expect(second.entries.slice(-2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "scim", method: "POST", status: 201 }),
        expect.objectContaining({ action: "seat.provisioned", fromValue: null, toValue: "Contributor" }),
      ]),
    );
    expect(second.entries.every((e) => e.userId === id)).toBe(true);
  });
});
