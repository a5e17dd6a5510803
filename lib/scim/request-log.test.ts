import { describe, expect, it } from "vitest";
import { inTransaction, openTestDatabase } from "@/db/client";
import { activity, scimBodies } from "@/db/schema";
import { REDACTED, SCIM_BODY_CAP_BYTES } from "@/lib/activity/scim-body";
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
import { createScimTestEnv, selectRow, selectRows, userBody } from "./test-support";

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
  it("logs the first identical failures of a window one by one, then folds the rest into one row, also after it was written", async () => {
    const db = await openTestDatabase();
    const log = createRequestLog(db);
    const rows = async () => selectRows(db, activity, "kind = 'scim'");
    for (let i = 0; i < FOLD_AFTER + 2; i++) log.record(failure(1_000 + i));
    expect(await log.flush()).toBe(FOLD_AFTER + 1);
    expect((await rows()).map((r) => r.details)).toEqual([
      ...Array.from({ length: FOLD_AFTER }, () => null),
      { count: 2, lastAt: 1_000 + FOLD_AFTER + 1 },
    ]);
    expect((await rows()).every((r) => r.status === 401 && r.clientAddress === "192.0.2.1")).toBe(true);

    log.record(failure(3_000));
    log.record(failure(4_000, { foldKey: "192.0.2.1 401 missing" }));
    expect(await log.flush()).toBe(2); // the grown row and the new one
    expect((await rows()).map((r) => r.details).slice(FOLD_AFTER)).toEqual([{ count: 3, lastAt: 3_000 }, null]);

    // A new window starts with rows of their own again.
    log.record(failure(1_000 + FOLD_WINDOW_MS));
    await log.flush();
    expect(await rows()).toHaveLength(FOLD_AFTER + 3);
    expect((await rows()).at(-1)).toMatchObject({ at: 1_000 + FOLD_WINDOW_MS, details: null });
  });

  it("keeps a grown count for the next flush when one fails", async () => {
    const db = await openTestDatabase();
    const log = createRequestLog(db);
    for (let i = 0; i <= FOLD_AFTER; i++) log.record(failure(1_000 + i));
    await log.flush();
    log.record(failure(2_000));
    await db.execute("ALTER TABLE activity RENAME TO activity_away");
    await expect(log.flush()).rejects.toThrow();
    await db.execute("ALTER TABLE activity_away RENAME TO activity");
    await log.flush();
    expect((await selectRows(db, activity)).at(-1)!.details).toEqual({ count: 2, lastAt: 2_000 });
  });

  it("truncates paths and details to their limits, never inside a surrogate pair", async () => {
    const db = await openTestDatabase();
    const log = createRequestLog(db);
    log.record(failure(1_000, { path: `/${"p".repeat(20_000)}`, detail: "d".repeat(20_000), foldKey: undefined }));
    await log.flush();
    const row = (await selectRow(db, activity))!;
    expect(row.path).toHaveLength(MAX_LOGGED_PATH_CHARS);
    expect(row.reason).toHaveLength(MAX_LOGGED_DETAIL_CHARS);
    expect(truncateForLog(`ab${"😀".repeat(3)}`, 4)).toBe("ab…");
    expect(truncateForLog("short", 10)).toBe("short");
  });

  it("writes a recordNow entry at once, in the caller's transaction", async () => {
    const db = await openTestDatabase();
    const log = createRequestLog(db);
    await expect(
      inTransaction(db, async (tx) => {
        await log.recordNow(tx, { ...failure(1_000), status: 201, method: "POST", tokenId: "t", tokenName: "Okta", foldKey: undefined });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await selectRows(db, activity)).toEqual([]);
    await log.recordNow(db, { ...failure(1_000), status: 201, method: "POST", tokenId: "t", tokenName: "Okta", foldKey: undefined });
    expect(await selectRow(db, activity)).toMatchObject({ method: "POST", status: 201, actor: "SCIM token 'Okta'", details: { token: "Okta" } });
    expect(await log.flush()).toBe(0);
  });

  it("names the attributes a write ignored, capped", async () => {
    const db = await openTestDatabase();
    const log = createRequestLog(db);
    const write = { ...failure(1_000), status: 201, method: "POST", tokenId: "t", tokenName: "Okta", foldKey: undefined };
    await log.recordNow(db, { ...write, ignoredAttributes: ["extensionAttribute1", "x".repeat(500)] });
    await log.recordNow(db, { ...write, ignoredAttributes: Array.from({ length: MAX_LOGGED_IGNORED_ATTRIBUTES + 3 }, (_, i) => `a${i}`) });
    const [first, second] = await selectRows(db, activity);
    expect(first!.details).toEqual({ token: "Okta", ignoredAttributes: ["extensionAttribute1", `${"x".repeat(MAX_LOGGED_ATTRIBUTE_CHARS - 1)}…`] });
    expect(second!.details).toMatchObject({ token: "Okta", ignoredAttributesLeftOut: 3 });
    expect((second!.details!.ignoredAttributes as string[]).length).toBe(MAX_LOGGED_IGNORED_ATTRIBUTES);
  });

  it("gets the ignored names of a write from the service, in the write's own entry", async () => {
    const scim = await createScimTestEnv();
    const created = await scim.call("POST", "/Users", userBody("ada@example.com", { extensionAttribute1: "x" }));
    expect(created.status).toBe(201);
    const row = (await selectRow(scim.db, activity, "kind = 'scim'"))!;
    expect(row).toMatchObject({ method: "POST", status: 201, details: { token: "Okta", ignoredAttributes: ["extensionAttribute1"] } });
  });

  it("keeps each request's bodies beside its entry, redacted and capped, a write's in the write's transaction", async () => {
    const scim = await createScimTestEnv();
    const created = await scim.call("POST", "/Users", userBody("ada@example.com", { password: "Correct-Horse-9" }));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const patch = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "password", value: "Battery-Staple-7" }] };
    expect((await scim.call("PATCH", `/Users/${id}`, patch)).status).toBe(200);
    await scim.call("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`);
    const page = Array.from({ length: 100 }, (_, i) => userBody(`user${i}@example.com`, { displayName: "x".repeat(100) }));
    for (const body of page) await scim.call("POST", "/Users", body);
    const list = await scim.call("GET", "/Users?count=100");
    await scim.service.flush();

    const rows = await scim.db.rows<{ method: string; status: number; request: string | null; response: string | null; requestTruncated: number; responseTruncated: number }>(
      `SELECT a.method, a.status, b.request, b.response, b.request_truncated AS "requestTruncated", b.response_truncated AS "responseTruncated"
         FROM activity a JOIN scim_bodies b ON b.activity_id = a.id
        WHERE a.kind = 'scim'`,
    );
    const [post, patched, lookup] = rows;
    expect(JSON.parse(post!.request!)).toMatchObject({ userName: "ada@example.com", password: REDACTED });
    expect(post!.response).toBe(created.body);
    expect(JSON.parse(patched!.request!).Operations[0]).toEqual({ op: "replace", path: "password", value: REDACTED });
    expect(rows.map((r) => `${r.request} ${r.response}`).join("\n")).not.toMatch(/Correct-Horse-9|Battery-Staple-7/);
    expect(lookup).toMatchObject({ method: "GET", request: 'filter=userName eq "ada@example.com"', requestTruncated: 0 });
    const listed = rows.at(-1)!;
    expect(Buffer.byteLength(listed.response!)).toBe(SCIM_BODY_CAP_BYTES);
    expect(listed.responseTruncated).toBe(Buffer.byteLength(list.body!) - SCIM_BODY_CAP_BYTES);
  });

  it("keeps the body of a folded failure's row once, not one per folded request, and no request body without a valid token", async () => {
    const db = await openTestDatabase();
    const log = createRequestLog(db);
    for (let i = 0; i < FOLD_AFTER + 10; i++) {
      log.record(failure(1_000 + i, { requestBody: '{"password":"x"}', responseBody: '{"status":"401"}', tokenId: null }));
    }
    await log.flush();
    const rows = await selectRows(db, activity);
    expect(rows).toHaveLength(FOLD_AFTER + 1);
    expect(rows.at(-1)!.details).toMatchObject({ count: 10 });
    const bodies = await selectRows(db, scimBodies);
    expect(bodies.map((b) => b.activityId)).toEqual(rows.map((r) => r.id));

    const scim = await createScimTestEnv();
    for (let i = 0; i < FOLD_AFTER + 3; i++) {
      await scim.call("POST", "/Users", userBody("eve@example.com", { password: "guessing" }), { authorization: "Bearer wrong" });
    }
    await scim.service.flush();
    const refused = await scim.db.rows<{ request: string | null; response: string | null }>(
      "SELECT b.request, b.response FROM scim_bodies b JOIN activity a ON a.id = b.activity_id",
    );
    expect(refused).toHaveLength(FOLD_AFTER + 1);
    expect(refused.every((b) => b.request === null && (b.response ?? "").includes('"status":"401"'))).toBe(true);
  });
});
