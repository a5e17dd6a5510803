import { describe, expect, it } from "vitest";
import { openTestDatabase } from "./client";

describe("openDatabase", () => {
  it("applies the committed migrations and folds case with scim_lower", () => {
    const db = openTestDatabase();
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(["users", "groups", "group_members", "plan", "activity"]));
    expect(db.$client.prepare("SELECT scim_lower('ÄBC') AS v").get()).toEqual({ v: "äbc" });
  });
});
