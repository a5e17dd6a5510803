import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { getPlan } from "./get-plan";
import { setPlan } from "./set-plan";
import { setScimSupport } from "./set-scim-support";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const activity$ = columnsOf(activity);
const settingsLog = async () => (await db.rows(`SELECT ${activity$.list} FROM activity WHERE kind = 'settings'`)).map(activity$.map);

describe("setScimSupport", () => {
  it("needs a plan", async () => {
    await expect(setScimSupport(db, true, "a")).rejects.toThrow(/No plan yet/);
  });

  it("turns SCIM support on and off, logging each change once", async () => {
    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "a");
    expect((await setScimSupport(db, true, "operator (CLI)")).scimEnabled).toBe(true);
    expect((await setScimSupport(db, true, "operator (CLI)")).scimEnabled).toBe(true);
    expect((await setScimSupport(db, false, "operator (CLI)")).scimEnabled).toBe(false);
    const log = (await settingsLog()).filter((a) => a.action === "settings.scim-support");
    expect(log.map((a) => [a.fromValue, a.toValue])).toEqual([
      ["off", "on"],
      ["on", "off"],
    ]);
  });

  it("refuses to disable SCIM support while DI is on", async () => {
    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "a");
    await db.execute("UPDATE plan SET scim_enabled = 1, di_enabled = 1");
    await expect(setScimSupport(db, false, "a")).rejects.toThrow(/turn Directory Integration off first/);
    expect((await getPlan(db))?.scimEnabled).toBe(true);
  });
});
