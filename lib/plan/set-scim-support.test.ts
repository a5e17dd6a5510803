import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity, plan } from "@/db/schema";
import { getPlan } from "./get-plan";
import { setPlan } from "./set-plan";
import { setScimSupport } from "./set-scim-support";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});

const settingsLog = () =>
  db.select().from(activity).where(eq(activity.kind, "settings")).all();

describe("setScimSupport", () => {
  it("needs a plan", () => {
    expect(() => setScimSupport(db, true, "a")).toThrow(/No plan yet/);
  });

  it("turns SCIM support on and off, logging each change once", () => {
    setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "a");
    expect(setScimSupport(db, true, "operator (CLI)").scimEnabled).toBe(true);
    expect(setScimSupport(db, true, "operator (CLI)").scimEnabled).toBe(true);
    expect(setScimSupport(db, false, "operator (CLI)").scimEnabled).toBe(false);
    const log = settingsLog().filter((a) => a.action === "settings.scim-support");
    expect(log.map((a) => [a.fromValue, a.toValue])).toEqual([
      ["off", "on"],
      ["on", "off"],
    ]);
  });

  it("refuses to disable SCIM support while DI is on", () => {
    setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "a");
    db.update(plan).set({ scimEnabled: true, diEnabled: true }).run();
    expect(() => setScimSupport(db, false, "a")).toThrow(/turn Directory Integration off first/);
    expect(getPlan(db)?.scimEnabled).toBe(true);
  });
});
