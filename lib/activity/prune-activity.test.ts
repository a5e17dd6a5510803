import { describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { setPlan } from "@/lib/plan/set-plan";
import { updateSettings } from "@/lib/settings/update-settings";
import { pruneActivity } from "./prune-activity";
import { recordActivities } from "./record-activity";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);

async function seed(db: Db, ages: number[]): Promise<void> {
  await recordActivities(
    db,
    ages.map((days) => ({ at: NOW - days * DAY, kind: "scim" as const, actor: "t", action: `scim.get.${days}` })),
  );
}
const actions = async (db: Db) => (await db.rows<{ action: string }>("SELECT action FROM activity")).map((r) => r.action);

describe("pruneActivity", () => {
  it("deletes entries past the retention period: 400 days by default, or the plan's setting", async () => {
    const db = await openTestDatabase();
    await seed(db, [500, 401, 399, 1]);
    expect(await pruneActivity(db, { now: NOW })).toBe(2);
    expect(await actions(db)).toEqual(["scim.get.399", "scim.get.1"]);

    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
    await updateSettings(db, { activityRetentionDays: 30 }, "admin@acme.example");
    expect(await pruneActivity(db, { now: NOW })).toBe(1);
    expect((await actions(db)).filter((a) => a.startsWith("scim"))).toEqual(["scim.get.1"]);
  });

  it("works in batches and leaves what is past maxBatches for the next call", async () => {
    const db = await openTestDatabase();
    await seed(db, Array.from({ length: 25 }, () => 1000));
    expect(await pruneActivity(db, { now: NOW, batchRows: 10, maxBatches: 2 })).toBe(20);
    expect(await pruneActivity(db, { now: NOW, batchRows: 10, maxBatches: 2 })).toBe(5);
    expect(await actions(db)).toEqual([]);
  });
});
