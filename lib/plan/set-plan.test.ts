import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getPlan, requirePlan } from "./get-plan";
import { setPlan } from "./set-plan";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const activity$ = columnsOf(activity);
const settingsLog = async () => (await db.rows(`SELECT ${activity$.list} FROM activity WHERE kind = 'settings'`)).map(activity$.map);

describe("setPlan", () => {
  it("creates the plan row with the defaults of docs/product.md §4", async () => {
    expect(await getPlan(db)).toBeUndefined();
    const created = await setPlan(db, { name: "  Acme  ", primaryEmail: "it@acme.example" }, "admin@acme.example");
    expect(created).toMatchObject({
      id: 1,
      name: "Acme",
      primaryEmail: "it@acme.example",
      scimEnabled: false,
      diEnabled: false,
      autoUpgrade: true,
      uapEnabled: false,
      provisionalPolicy: "admin-approval",
      reviewDays: 30,
    });
    expect(await getPlan(db)).toEqual(created);
    expect((await settingsLog()).map((a) => [a.action, a.fromValue, a.toValue, a.actor])).toEqual([
      ["settings.plan-name", null, "Acme", "admin@acme.example"],
      ["settings.primary-email", null, "it@acme.example", "admin@acme.example"],
    ]);
  });

  it("updates the one plan and logs only what changed", async () => {
    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "a");
    const updated = await setPlan(db, { name: "Acme Corp", primaryEmail: "it@acme.example" }, "operator (CLI)");
    expect(updated.name).toBe("Acme Corp");
    expect(await db.rows("SELECT id FROM plan")).toHaveLength(1);
    const last = (await settingsLog()).at(-1);
    expect(last).toMatchObject({ action: "settings.plan-name", fromValue: "Acme", toValue: "Acme Corp", actor: "operator (CLI)" });
    expect(await settingsLog()).toHaveLength(3);
    await setPlan(db, { name: "Acme Corp", primaryEmail: "it@acme.example" }, "b");
    expect(await settingsLog()).toHaveLength(3);
  });

  it("rejects an empty name and a bad email with readable messages", async () => {
    await expect(setPlan(db, { name: " ", primaryEmail: "it@acme.example" }, "a")).rejects.toThrow(
      expect.objectContaining({ code: "invalid", message: "the plan name must not be empty" }),
    );
    await expect(setPlan(db, { name: "Acme", primaryEmail: "not-an-email" }, "a")).rejects.toThrow(
      /primary email must be an email address/,
    );
    expect(await getPlan(db)).toBeUndefined();
  });

  it("refuses a primary email off the validated domains while DI is on", async () => {
    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "a");
    await db.execute(
      "INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES (?, ?, ?, ?, ?)",
      "d1",
      "acme.example",
      "v",
      1,
      "a",
    );
    await db.execute("UPDATE plan SET di_enabled = 1");
    await expect(setPlan(db, { name: "Acme", primaryEmail: "it@other.example" }, "a")).rejects.toThrow(
      /validate the domain of it@other.example first/,
    );
    expect((await setPlan(db, { name: "Acme", primaryEmail: "boss@ACME.example" }, "a")).primaryEmail).toBe("boss@ACME.example");
  });
});

describe("requirePlan", () => {
  it("tells how to create the plan when there is none", async () => {
    const error = await (async () => {
      try {
        await requirePlan(db);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "conflict" });
    expect((error as Error).message).toMatch(/plan set --name/);
  });
});
