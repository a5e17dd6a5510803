import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { runScheduledJobs } from "./scheduler";

describe("runScheduledJobs", () => {
  it("applies the activity log's retention period", () => {
    const db = openTestDatabase();
    const now = Date.UTC(2026, 11, 1);
    recordActivity(db, { at: now - 401 * 86_400_000, kind: "scim", actor: "t", action: "scim.old" });
    recordActivity(db, { at: now - 86_400_000, kind: "scim", actor: "t", action: "scim.recent" });
    runScheduledJobs(db, now);
    expect(db.rows("SELECT action FROM activity")).toEqual([{ action: "scim.recent" }]);
  });
});
