import { describe, expect, it } from "vitest";
import { setUserSeat } from "@/lib/directory/set-user-seat";
import { createScimTestEnv, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { listUserHistory, USER_HISTORY_PAGE_SIZE } from "./list-user-history";

describe("listUserHistory", () => {
  it("answers the user's entries, newest first, ten a page", () => {
    const env = createScimTestEnv();
    env.call("POST", "/Users", userBody("other@example.com"));
    const id = env.call("POST", "/Users", userBody("ada@example.com")).json.id as string;
    const seats = ["No Access", "Contributor"] as const;
    for (let i = 0; i < 12; i++) setUserSeat(env.db, id, seats[i % 2]!, TEST_ADMIN, Date.now() + i);
    const first = listUserHistory(env.db, { userId: id, page: 1 });
    expect(USER_HISTORY_PAGE_SIZE).toBe(10);
    expect(first).toMatchObject({ page: 1, pageSize: 10 });
    expect(first.entries).toHaveLength(10);
    expect(first.entries.every((e) => e.userId === id)).toBe(true);
    expect(first.entries[0]!.at).toBeGreaterThanOrEqual(first.entries[9]!.at);
    const second = listUserHistory(env.db, { userId: id, page: 2 });
    // The 12 seat changes and the SCIM POST that created her (a write's request entry is
    // written in the write's own transaction).
    expect(first.total).toBe(13);
    expect(second.entries).toHaveLength(3);
    expect(second.entries.at(-1)).toMatchObject({ kind: "scim", method: "POST", status: 201 });
    expect(second.entries.every((e) => e.userId === id)).toBe(true);
  });
});
