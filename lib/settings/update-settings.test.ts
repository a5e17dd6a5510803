import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity } from "@/db/schema";
import { getPlan } from "@/lib/plan/get-plan";
import { setPlan } from "@/lib/plan/set-plan";
import { selectRows } from "@/lib/testing/select-rows";
import { updateSettings } from "./update-settings";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const withPlan = async () => setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
const validateDomain = async (name: string) =>
  db.execute("INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES (?, ?, 'v', ?, 't')", name, name, Date.now());
const log = async () =>
  (await selectRows(db, activity, "kind = 'settings'"))
    .filter((a) => !a.action.startsWith("settings.plan") && a.action !== "settings.primary-email")
    .map((a) => [a.action, a.fromValue, a.toValue, a.actor]);

describe("updateSettings", () => {
  it("needs a plan", async () => {
    await expect(updateSettings(db, { autoUpgrade: false }, "a")).rejects.toThrow(/No plan yet/);
  });

  it("changes each switch and logs old and new values", async () => {
    await withPlan();
    const after = await updateSettings(
      db,
      { autoUpgrade: false, provisionalPolicy: "auto-upgrade", reviewDays: 14 },
      "admin@acme.example",
    );
    expect(after).toMatchObject({ autoUpgrade: false, provisionalPolicy: "auto-upgrade", reviewDays: 14 });
    expect(await log()).toEqual([
      ["settings.auto-upgrade", "on", "off", "admin@acme.example"],
      ["settings.provisional-policy", "admin-approval", "auto-upgrade", "admin@acme.example"],
      ["settings.review-days", "30", "14", "admin@acme.example"],
    ]);
  });

  it("logs nothing for a value that does not change", async () => {
    await withPlan();
    await updateSettings(db, { autoUpgrade: true, reviewDays: 30 }, "a");
    expect(await log()).toEqual([]);
  });

  it("turns UAP on only with a validated domain", async () => {
    await withPlan();
    await expect(updateSettings(db, { uapEnabled: true }, "a")).rejects.toThrow(/needs at least one validated domain/);
    await db.execute("INSERT INTO domains (id, name, verification_value, created_by) VALUES ('p', 'pending.example', 'v', 't')");
    await expect(updateSettings(db, { uapEnabled: true }, "a")).rejects.toThrow(/validated domain/);
    expect((await getPlan(db))?.uapEnabled).toBe(false);
    await validateDomain("acme.example");
    expect((await updateSettings(db, { uapEnabled: true }, "a")).uapEnabled).toBe(true);
    expect((await updateSettings(db, { uapEnabled: false }, "a")).uapEnabled).toBe(false);
    expect(await log()).toEqual([
      ["settings.uap", "off", "on", "a"],
      ["settings.uap", "on", "off", "a"],
    ]);
  });

  it("applies nothing when one field is refused", async () => {
    await withPlan();
    await expect(updateSettings(db, { autoUpgrade: false, uapEnabled: true }, "a")).rejects.toThrow(/validated domain/);
    expect((await getPlan(db))?.autoUpgrade).toBe(true);
    expect(await log()).toEqual([]);
  });

  it.each([0, 366, 2.5, Number.NaN])("rejects review days %s", async (reviewDays) => {
    await withPlan();
    await expect(updateSettings(db, { reviewDays }, "a")).rejects.toThrow(/review days/);
    expect((await getPlan(db))?.reviewDays).toBe(30);
  });

  it("accepts the review-day bounds 1 and 365", async () => {
    await withPlan();
    expect((await updateSettings(db, { reviewDays: 1 }, "a")).reviewDays).toBe(1);
    expect((await updateSettings(db, { reviewDays: 365 }, "a")).reviewDays).toBe(365);
  });

  it("rejects an unknown policy and unknown fields", async () => {
    await withPlan();
    await expect(
      updateSettings(db, { provisionalPolicy: "sometimes" as "auto-upgrade" }, "a"),
    ).rejects.toThrow(/provisional policy must be one of admin-approval, auto-upgrade/);
    await expect(updateSettings(db, { diEnabled: true } as never, "a")).rejects.toThrow();
    expect((await getPlan(db))?.diEnabled).toBe(false);
  });
  it("sets the activity retention period within 30 to 3650 days, 400 by default, and logs the change", async () => {
    const before = await withPlan();
    expect(before.activityRetentionDays).toBe(400);
    expect((await updateSettings(db, { activityRetentionDays: 90 }, "admin@acme.example")).activityRetentionDays).toBe(90);
    expect(await log()).toEqual([["settings.activity-retention-days", "400", "90", "admin@acme.example"]]);
    await expect(updateSettings(db, { activityRetentionDays: 29 }, "a")).rejects.toThrow(/at least 30 days/);
    await expect(updateSettings(db, { activityRetentionDays: 3651 }, "a")).rejects.toThrow(/at most 3650 days/);
    await expect(updateSettings(db, { activityRetentionDays: 1.5 }, "a")).rejects.toThrow(/whole number of days/);
  });
});
