import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity } from "@/db/schema";
import { getPlan } from "@/lib/plan/get-plan";
import { setPlan } from "@/lib/plan/set-plan";
import { selectRows } from "@/lib/testing/select-rows";
import { updateSettings } from "./update-settings";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});

const withPlan = () => setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
const validateDomain = (name: string) =>
  db.execute("INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES (?, ?, 'v', ?, 't')", name, name, Date.now());
const log = () =>
  selectRows(db, activity, "kind = 'settings'")
    .filter((a) => !a.action.startsWith("settings.plan") && a.action !== "settings.primary-email")
    .map((a) => [a.action, a.fromValue, a.toValue, a.actor]);

describe("updateSettings", () => {
  it("needs a plan", () => {
    expect(() => updateSettings(db, { autoUpgrade: false }, "a")).toThrow(/No plan yet/);
  });

  it("changes each switch and logs old and new values", () => {
    withPlan();
    const after = updateSettings(
      db,
      { autoUpgrade: false, provisionalPolicy: "auto-upgrade", reviewDays: 14 },
      "admin@acme.example",
    );
    expect(after).toMatchObject({ autoUpgrade: false, provisionalPolicy: "auto-upgrade", reviewDays: 14 });
    expect(log()).toEqual([
      ["settings.auto-upgrade", "on", "off", "admin@acme.example"],
      ["settings.provisional-policy", "admin-approval", "auto-upgrade", "admin@acme.example"],
      ["settings.review-days", "30", "14", "admin@acme.example"],
    ]);
  });

  it("logs nothing for a value that does not change", () => {
    withPlan();
    updateSettings(db, { autoUpgrade: true, reviewDays: 30 }, "a");
    expect(log()).toEqual([]);
  });

  it("turns UAP on only with a validated domain", () => {
    withPlan();
    expect(() => updateSettings(db, { uapEnabled: true }, "a")).toThrow(/needs at least one validated domain/);
    db.execute("INSERT INTO domains (id, name, verification_value, created_by) VALUES ('p', 'pending.example', 'v', 't')");
    expect(() => updateSettings(db, { uapEnabled: true }, "a")).toThrow(/validated domain/);
    expect(getPlan(db)?.uapEnabled).toBe(false);
    validateDomain("acme.example");
    expect(updateSettings(db, { uapEnabled: true }, "a").uapEnabled).toBe(true);
    expect(updateSettings(db, { uapEnabled: false }, "a").uapEnabled).toBe(false);
    expect(log()).toEqual([
      ["settings.uap", "off", "on", "a"],
      ["settings.uap", "on", "off", "a"],
    ]);
  });

  it("applies nothing when one field is refused", () => {
    withPlan();
    expect(() => updateSettings(db, { autoUpgrade: false, uapEnabled: true }, "a")).toThrow(/validated domain/);
    expect(getPlan(db)?.autoUpgrade).toBe(true);
    expect(log()).toEqual([]);
  });

  it.each([0, 366, 2.5, Number.NaN])("rejects review days %s", (reviewDays) => {
    withPlan();
    expect(() => updateSettings(db, { reviewDays }, "a")).toThrow(/review days/);
    expect(getPlan(db)?.reviewDays).toBe(30);
  });

  it("accepts the review-day bounds 1 and 365", () => {
    withPlan();
    expect(updateSettings(db, { reviewDays: 1 }, "a").reviewDays).toBe(1);
    expect(updateSettings(db, { reviewDays: 365 }, "a").reviewDays).toBe(365);
  });

  it("rejects an unknown policy and unknown fields", () => {
    withPlan();
    expect(() =>
      updateSettings(db, { provisionalPolicy: "sometimes" as "auto-upgrade" }, "a"),
    ).toThrow(/provisional policy must be one of admin-approval, auto-upgrade/);
    expect(() => updateSettings(db, { diEnabled: true } as never, "a")).toThrow();
    expect(getPlan(db)?.diEnabled).toBe(false);
  });
  it("sets the activity retention period within 30 to 3650 days, 400 by default, and logs the change", () => {
    const before = withPlan();
    expect(before.activityRetentionDays).toBe(400);
    expect(updateSettings(db, { activityRetentionDays: 90 }, "admin@acme.example").activityRetentionDays).toBe(90);
    expect(log()).toEqual([["settings.activity-retention-days", "400", "90", "admin@acme.example"]]);
    expect(() => updateSettings(db, { activityRetentionDays: 29 }, "a")).toThrow(/at least 30 days/);
    expect(() => updateSettings(db, { activityRetentionDays: 3651 }, "a")).toThrow(/at most 3650 days/);
    expect(() => updateSettings(db, { activityRetentionDays: 1.5 }, "a")).toThrow(/whole number of days/);
  });
});
