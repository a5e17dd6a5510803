import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { runScheduledJobs } from "./scheduler";

describe("runScheduledJobs", () => {
  it("applies the activity log's retention period", async () => {
    const db = await openTestDatabase();
    const now = Date.UTC(2026, 11, 1);
    await recordActivity(db, { at: now - 401 * 86_400_000, kind: "scim", actor: "t", action: "scim.old" });
    await recordActivity(db, { at: now - 86_400_000, kind: "scim", actor: "t", action: "scim.recent" });
    await runScheduledJobs(db, now);
    expect(await db.rows("SELECT action FROM activity")).toEqual([{ action: "scim.recent" }]);
  });
});
