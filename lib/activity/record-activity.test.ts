import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openTestDatabase, type Db } from "@/db/client";
import { recordActivities, recordActivity } from "./record-activity";

let db: Db | undefined;
afterEach(async () => {
  if (db) await closeDatabase(db);
  db = undefined;
});

describe("recordActivities", () => {
  it("appends every entry with every field, in order (one statement on PostgreSQL, one a row on SQLite)", async () => {
    db = await openTestDatabase();
    await recordActivity(db, { at: 5, kind: "settings", actor: "admin@example.com", action: "settings.uap", fromValue: "off", toValue: "on" });
    await recordActivities(db, [
      { at: 10, kind: "seat", actor: "system", action: "seat.changed", userId: null, fromValue: "Contributor", toValue: "Member", reason: "role 'it''s'", details: { cause: "group" } },
      { at: 10, kind: "scim", actor: "SCIM token 'Okta'", action: "scim.post", method: "POST", path: "/Users", status: 201, durationMs: 1.25, tokenId: "t1", clientAddress: "192.0.2.1" },
      { at: 9, kind: "user", actor: "SCIM token 'Okta'", action: "user.deactivated", reason: "naïve \u{1F600} \\ \" quote" },
    ]);
    const rows = await db.rows("SELECT at, kind, action, method, path, status, duration_ms AS \"durationMs\", token_id AS \"tokenId\", from_value AS \"fromValue\", to_value AS \"toValue\", reason, details, client_address AS \"clientAddress\" FROM activity ORDER BY id");
    expect(rows).toEqual([
      { at: 5, kind: "settings", action: "settings.uap", method: null, path: null, status: null, durationMs: null, tokenId: null, fromValue: "off", toValue: "on", reason: null, details: null, clientAddress: null },
      { at: 10, kind: "seat", action: "seat.changed", method: null, path: null, status: null, durationMs: null, tokenId: null, fromValue: "Contributor", toValue: "Member", reason: "role 'it''s'", details: "{\"cause\":\"group\"}", clientAddress: null },
      { at: 10, kind: "scim", action: "scim.post", method: "POST", path: "/Users", status: 201, durationMs: 1.25, tokenId: "t1", fromValue: null, toValue: null, reason: null, details: null, clientAddress: "192.0.2.1" },
      { at: 9, kind: "user", action: "user.deactivated", method: null, path: null, status: null, durationMs: null, tokenId: null, fromValue: null, toValue: null, reason: "naïve \u{1F600} \\ \" quote", details: null, clientAddress: null },
    ]);
    // The counters the triggers keep saw every entry.
    expect(await db.row("SELECT value FROM counters WHERE name = 'activity:seat:'")).toEqual({ value: 1 });
    expect(await db.row("SELECT value FROM counters WHERE name = 'activity:scim:201'")).toEqual({ value: 1 });
  });
});
