import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { activity } from "@/db/schema";
import {
  createRequestLog,
  FOLD_AFTER,
  FOLD_WINDOW_MS,
  MAX_LOGGED_ATTRIBUTE_CHARS,
  MAX_LOGGED_DETAIL_CHARS,
  MAX_LOGGED_IGNORED_ATTRIBUTES,
  MAX_LOGGED_PATH_CHARS,
  truncateForLog,
  type ScimRequestEntry,
} from "./request-log";
import { createScimTestEnv, userBody } from "./test-support";

const failure = (at: number, extra: Partial<ScimRequestEntry> = {}): ScimRequestEntry => ({
  at,
  method: "GET",
  path: "/Users",
  status: 401,
  durationMs: 0.1,
  tokenId: null,
  tokenName: null,
  clientAddress: "192.0.2.1",
  foldKey: "192.0.2.1 401 unknown",
  ...extra,
});

describe("the SCIM request log", () => {
  it("logs the first identical failures of a window one by one, then folds the rest into one row, also after it was written", () => {
    const db = openTestDatabase();
    const log = createRequestLog(db);
    const rows = () => db.select().from(activity).where(eq(activity.kind, "scim")).all();
    for (let i = 0; i < FOLD_AFTER + 2; i++) log.record(failure(1_000 + i));
    expect(log.flush()).toBe(FOLD_AFTER + 1);
    expect(rows().map((r) => r.details)).toEqual([
      ...Array.from({ length: FOLD_AFTER }, () => null),
      { count: 2, lastAt: 1_000 + FOLD_AFTER + 1 },
    ]);
    expect(rows().every((r) => r.status === 401 && r.clientAddress === "192.0.2.1")).toBe(true);

    log.record(failure(3_000));
    log.record(failure(4_000, { foldKey: "192.0.2.1 401 missing" }));
    expect(log.flush()).toBe(2); // the grown row and the new one
    expect(rows().map((r) => r.details).slice(FOLD_AFTER)).toEqual([{ count: 3, lastAt: 3_000 }, null]);

    // A new window starts with rows of their own again.
    log.record(failure(1_000 + FOLD_WINDOW_MS));
    log.flush();
    expect(rows()).toHaveLength(FOLD_AFTER + 3);
    expect(rows().at(-1)).toMatchObject({ at: 1_000 + FOLD_WINDOW_MS, details: null });
  });

  it("keeps a grown count for the next flush when one fails", () => {
    const db = openTestDatabase();
    const log = createRequestLog(db);
    for (let i = 0; i <= FOLD_AFTER; i++) log.record(failure(1_000 + i));
    log.flush();
    log.record(failure(2_000));
    db.$client.exec("ALTER TABLE activity RENAME TO activity_away");
    expect(() => log.flush()).toThrow();
    db.$client.exec("ALTER TABLE activity_away RENAME TO activity");
    log.flush();
    expect(db.select().from(activity).all().at(-1)!.details).toEqual({ count: 2, lastAt: 2_000 });
  });

  it("truncates paths and details to their limits, never inside a surrogate pair", () => {
    const db = openTestDatabase();
    const log = createRequestLog(db);
    log.record(failure(1_000, { path: `/${"p".repeat(20_000)}`, detail: "d".repeat(20_000), foldKey: undefined }));
    log.flush();
    const row = db.select().from(activity).get()!;
    expect(row.path).toHaveLength(MAX_LOGGED_PATH_CHARS);
    expect(row.reason).toHaveLength(MAX_LOGGED_DETAIL_CHARS);
    expect(truncateForLog(`ab${"😀".repeat(3)}`, 4)).toBe("ab…");
    expect(truncateForLog("short", 10)).toBe("short");
  });

  it("writes a recordNow entry at once, in the caller's transaction", () => {
    const db = openTestDatabase();
    const log = createRequestLog(db);
    expect(() =>
      db.$client.transaction(() => {
        log.recordNow({ ...failure(1_000), status: 201, method: "POST", tokenId: "t", tokenName: "Okta", foldKey: undefined });
        throw new Error("rolled back");
      })(),
    ).toThrow("rolled back");
    expect(db.select().from(activity).all()).toEqual([]);
    log.recordNow({ ...failure(1_000), status: 201, method: "POST", tokenId: "t", tokenName: "Okta", foldKey: undefined });
    expect(db.select().from(activity).get()).toMatchObject({ method: "POST", status: 201, actor: "SCIM token 'Okta'", details: { token: "Okta" } });
    expect(log.flush()).toBe(0);
  });

  it("names the attributes a write ignored, capped", () => {
    const db = openTestDatabase();
    const log = createRequestLog(db);
    const write = { ...failure(1_000), status: 201, method: "POST", tokenId: "t", tokenName: "Okta", foldKey: undefined };
    log.recordNow({ ...write, ignoredAttributes: ["extensionAttribute1", "x".repeat(500)] });
    log.recordNow({ ...write, ignoredAttributes: Array.from({ length: MAX_LOGGED_IGNORED_ATTRIBUTES + 3 }, (_, i) => `a${i}`) });
    const [first, second] = db.select().from(activity).all();
    expect(first!.details).toEqual({ token: "Okta", ignoredAttributes: ["extensionAttribute1", `${"x".repeat(MAX_LOGGED_ATTRIBUTE_CHARS - 1)}…`] });
    expect(second!.details).toMatchObject({ token: "Okta", ignoredAttributesLeftOut: 3 });
    expect((second!.details!.ignoredAttributes as string[]).length).toBe(MAX_LOGGED_IGNORED_ATTRIBUTES);
  });

  it("gets the ignored names of a write from the service, in the write's own entry", () => {
    const scim = createScimTestEnv();
    const created = scim.call("POST", "/Users", userBody("ada@example.com", { extensionAttribute1: "x" }));
    expect(created.status).toBe(201);
    const row = scim.db.select().from(activity).where(eq(activity.kind, "scim")).get()!;
    expect(row).toMatchObject({ method: "POST", status: 201, details: { token: "Okta", ignoredAttributes: ["extensionAttribute1"] } });
  });
});
