import { afterEach, describe, expect, it, vi } from "vitest";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { parse } from "csv-parse/sync";
import { onPostgres } from "@/db/testing/engine";
import { activityCountSql, activityPageIdsSql, exportActivityCsv, listActivity } from "./list-activity";
import { inTransaction } from "@/db/client";

afterEach(() => {
  vi.useRealTimers();
});

describe("listActivity", () => {
  it("lists newest first and filters by kind, user, failed status, time and text", async () => {
    // A clock that moves only when told, so the order below is exact: by time, and by
    // insertion among entries of the same millisecond.
    const t0 = Date.parse("2026-06-01T09:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
    const scim = await createScimTestEnv();
    vi.setSystemTime(t0 + 1_000);
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com", { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }))).json;
    vi.setSystemTime(t0 + 2_000);
    await scim.call("GET", "/Users", undefined, { authorization: "Bearer acscim_wrong" });
    await scim.service.flush();

    const all = await listActivity(scim.db, {});
    expect(all.entries.map((e) => [e.at - t0, e.action])).toEqual([
      [2_000, "scim.get"],
      [1_000, "scim.post"],
      [1_000, "seat.provisioned"],
      [0, "settings.token-created"],
      [0, "seat.reevaluated"],
      [0, "settings.di"],
      [0, "settings.domain-added"],
      [0, "settings.scim-support"],
      [0, "settings.primary-email"],
      [0, "settings.plan-name"],
    ]);
    const failed = await listActivity(scim.db, { kind: "scim", status: "failed" });
    expect(failed.entries).toHaveLength(1);
    expect(failed.entries[0]).toMatchObject({ status: 401, method: "GET", path: "/Users", actor: "unauthenticated" });
    const seat = await listActivity(scim.db, { kind: "seat", userId: ada.id });
    expect(seat.total).toBe(1);
    expect(seat.entries[0]).toMatchObject({ action: "seat.provisioned", fromValue: null, toValue: "Member", userName: "ada@example.com" });
    expect((await listActivity(scim.db, { search: "ada@example" })).total).toBeGreaterThanOrEqual(2);
    expect((await listActivity(scim.db, { from: Date.now() + 60_000 })).total).toBe(0);
    const paged = await listActivity(scim.db, { pageSize: 1, page: 2 });
    expect(paged.entries).toHaveLength(1);
    expect(paged.total).toBe(all.total);
  });

  it("finds a user's entries by display name or email text", async () => {
    const scim = await createScimTestEnv();
    const grace = (await scim.call(
      "POST",
      "/Users",
      userBody("g.hopper@example.com", {
        displayName: "Grace Hopper",
        roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }],
      }),
    )).json;
    await scim.call("POST", "/Users", userBody("alan@example.com", { displayName: "Alan Turing" }));
    await scim.service.flush();

    const byName = await listActivity(scim.db, { search: "grace hop" });
    expect(byName.total).toBeGreaterThan(0);
    expect(byName.entries.every((e) => e.userId === grace.id)).toBe(true);
    expect((await listActivity(scim.db, { kind: "seat", search: "Hopper" })).entries[0]).toMatchObject({ toValue: "Member" });
    expect((await listActivity(scim.db, { search: "nobody by that name" })).total).toBe(0);
  });

  it("counts an entry once whichever half of a search matches it, and drops control characters", async () => {
    const scim = await createScimTestEnv();
    // Ada's entries match through her (the user half); the seat change's reason does not say her name.
    const ada = (await scim.call("POST", "/Users", userBody("ada.l@example.com", { displayName: "Ada Lovelace" }))).json;
    await scim.call("GET", `/Users?filter=${encodeURIComponent('userName eq "ada.l@example.com"')}`);
    await scim.call("GET", `/Users/${ada.id}`);
    await scim.service.flush();
    const all = (await listActivity(scim.db, { pageSize: 200 })).entries;
    const matching = all.filter(
      (e) => [e.actor, e.action, e.path, e.reason].some((t) => t?.toLowerCase().includes("lovelace")) || e.userId === ada.id,
    );
    expect(matching.length).toBeGreaterThanOrEqual(3);
    const found = await listActivity(scim.db, { search: "LOVELACE", pageSize: 200 });
    expect(found.total).toBe(matching.length);
    expect(found.entries.map((e) => e.id)).toEqual(matching.map((e) => e.id));
    // "example.com": Ada's entries through her email, and the domain's by its own text (no user).
    const { entries: byText, total } = await listActivity(scim.db, { search: "example.com", pageSize: 200 });
    expect(total).toBe(byText.length);
    expect(byText.map((e) => e.id)).toEqual(
      all.filter((e) => e.userId === ada.id || [e.actor, e.action, e.path, e.reason].some((t) => t?.includes("example.com"))).map((e) => e.id),
    );
    expect(byText.some((e) => e.action === "settings.domain-added" && e.userId === null)).toBe(true);
    // A control character never joins two columns into a match (PostgreSQL searches them joined by U+0001).
    expect((await listActivity(scim.db, { search: "Love\u0001lace" })).total).toBe(found.total);
    expect((await listActivity(scim.db, { search: "\u0001" })).total).toBe(all.length);
  });

  it.runIf(onPostgres)("searches through the trigram indexes on PostgreSQL (migration 0006: the same text)", async () => {
    const { db } = await createScimTestEnv();
    const { sql, params } = activityCountSql({ search: "maria" }, db.engine);
    const plan = await inTransaction(db, async (tx) => {
      // A test database is too small for an index to be worth it; the question is whether one can be used.
      await tx.execute("SET LOCAL enable_seqscan = off");
      return (await tx.rows<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, ...params)).map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Bitmap Index Scan on activity_search_trgm_idx/);
    expect(plan).toMatch(/Bitmap Index Scan on users_search_trgm_idx/);
  });

  it("exports exactly the filtered list as CSV, newest first, with formulas defused", async () => {
    const scim = await createScimTestEnv();
    await scim.call("POST", "/Users", userBody("=cmd@example.com", { displayName: "=HYPERLINK(\"x\")", roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }));
    await scim.call("GET", "/Users", undefined, { authorization: "Bearer acscim_wrong" });
    await scim.service.flush();

    const records = async (query: Parameters<typeof exportActivityCsv>[1]): Promise<string[][]> => {
      const chunks: string[] = [];
      for await (const chunk of exportActivityCsv(scim.db, query)) chunks.push(chunk);
      return parse(chunks.join(""), { bom: true }) as string[][];
    };
    const all = await records({});
    expect(all[0]).toEqual(["Time (UTC)", "Kind", "By", "Action", "User", "Method", "Path", "Status", "Duration (ms)", "From", "To", "Reason", "Client address", "Details"]);
    const page = await listActivity(scim.db, { pageSize: 200 });
    expect(all.slice(1).map((r) => r[3])).toEqual(page.entries.map((e) => e.action));
    expect(all.slice(1).map((r) => Date.parse(r[0]!))).toEqual(page.entries.map((e) => e.at));

    const failed = await records({ kind: "scim", status: "failed" });
    expect(failed.slice(1)).toEqual([[expect.any(String), "scim", "unauthenticated", "scim.get", "", "GET", "/Users", "401", expect.any(String), "", "", expect.any(String), "", expect.any(String)]]);
    const seat = (await records({ kind: "seat" })).slice(1);
    expect(seat[0]?.[4]).toBe("'=cmd@example.com");
  });
});

describe("listActivity's pages (issue 13: a million entries)", () => {
  /** A log of a few hundred entries: SCIM requests (some failed), seat changes, many in the same millisecond. */
  async function busyLog() {
    const t0 = Date.parse("2026-06-01T09:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
    const scim = await createScimTestEnv();
    for (let i = 0; i < 60; i++) {
      vi.setSystemTime(t0 + Math.floor(i / 4) * 1_000);
      await scim.call("POST", "/Users", userBody(`u${i}@example.com`, i % 3 ? { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] } : {}));
      await scim.call("GET", `/Users?filter=${encodeURIComponent(`userName eq "u${i}@example.com"`)}`);
      if (i % 5 === 0) await scim.call("GET", "/Users", undefined, { authorization: "Bearer acscim_wrong" });
    }
    await scim.service.flush();
    return scim;
  }

  it("walks every page forwards, each filter, in the export's order; the last page is the tail", async () => {
    const { db } = await busyLog();
    const someone = (await listActivity(db, { kind: "seat" })).entries[0]!.userId!;
    for (const filter of [{}, { kind: "scim" }, { kind: "seat" }, { status: "failed" }, { status: 401 }, { status: 200 }, { userId: someone }, { search: "u1" }] as const) {
      const label = JSON.stringify(filter);
      const chunks: string[] = [];
      for await (const chunk of exportActivityCsv(db, filter)) chunks.push(chunk);
      const expected = (parse(chunks.join(""), { bom: true }) as string[][]).slice(1);
      const pageSize = 17;
      const first = await listActivity(db, { ...filter, pageSize });
      expect(first.total, label).toBe(expected.length);
      const pages = Math.max(1, Math.ceil(first.total / pageSize));
      const walked = [];
      for (let i = 0; i < pages; i++) walked.push(...(await listActivity(db, { ...filter, pageSize, page: i + 1 })).entries);
      expect(new Set(walked.map((e) => e.id)).size, label).toBe(walked.length);
      expect(walked.map((e) => [new Date(e.at).toISOString(), e.action, e.status === null ? "" : String(e.status)]), label).toEqual(
        expected.map((r) => [r[0], r[3], r[7]]),
      );
      expect((await listActivity(db, { ...filter, pageSize, page: pages + 1 })).entries).toEqual([]);
    }
    expect((await listActivity(db, {})).total).toBeGreaterThan(150);
  });

  it("totals the whole log, a kind and a status from the trigger-kept counters, which pruning keeps right", async () => {
    const { db } = await busyLog();
    const count = async (where: string) => (await db.row<{ n: number }>(`SELECT count(*) AS n FROM activity WHERE ${where}`))!.n;
    expect((await listActivity(db, {})).total).toBe(await count("true"));
    expect((await listActivity(db, { kind: "scim" })).total).toBe(await count("kind = 'scim'"));
    expect((await listActivity(db, { status: "failed" })).total).toBe(await count("status >= 400"));
    expect((await listActivity(db, { kind: "scim", status: 201 })).total).toBe(await count("kind = 'scim' AND status = 201"));
    await db.execute("DELETE FROM activity WHERE id IN (SELECT id FROM activity ORDER BY at LIMIT 25)");
    expect((await listActivity(db, {})).total).toBe(await count("true"));
    expect((await listActivity(db, { kind: "seat" })).total).toBe(await count("kind = 'seat'"));
  });

  it.skipIf(onPostgres)("reads a page's ids off the filter's index in (at, id) order, both ways, never sorting", async () => {
    const { db } = await createScimTestEnv();
    const cases = [
      [{}, /SCAN a USING COVERING INDEX activity_at_idx/],
      [{ kind: "scim" }, /SEARCH a USING COVERING INDEX activity_kind_at_idx \(kind=\?\)/],
      [{ userId: "u" }, /SEARCH a USING COVERING INDEX activity_user_at_idx \(user_id=\?\)/],
      [{ status: "failed" }, /SCAN a USING (COVERING )?INDEX activity_failed_at_idx/],
      [{ status: 404 }, /SCAN a USING INDEX activity_failed_at_idx/],
      [{ from: 1 }, /SEARCH a USING COVERING INDEX activity_at_idx \(at>\?\)/],
    ] as const;
    for (const [query, expected] of cases) {
      for (const backwards of [false, true]) {
        const { sql, params } = activityPageIdsSql(query, backwards, db.engine);
        const text = (await db
          .rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql} LIMIT 50 OFFSET 0`, ...params))
          .map((r) => r.detail)
          .join("\n");
        expect(text, JSON.stringify(query)).toMatch(expected);
        expect(text, JSON.stringify(query)).not.toContain("TEMP B-TREE");
      }
    }
  });
});
