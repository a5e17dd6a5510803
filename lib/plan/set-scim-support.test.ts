import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { getPlan } from "./get-plan";
import { setPlan } from "./set-plan";
import { setScimSupport } from "./set-scim-support";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});

const activity$ = columnsOf(activity);
const settingsLog = () => db.rows(`SELECT ${activity$.list} FROM activity WHERE kind = 'settings'`).map(activity$.map);

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
    db.execute("UPDATE plan SET scim_enabled = 1, di_enabled = 1");
    expect(() => setScimSupport(db, false, "a")).toThrow(/turn Directory Integration off first/);
    expect(getPlan(db)?.scimEnabled).toBe(true);
  });
});
