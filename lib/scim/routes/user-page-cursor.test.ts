/** The sequential-page cursor of /Users: same pages as OFFSET, no duplicates under writes, its plan. */
import { describe, expect, it } from "vitest";
import { createScimTestEnv, userBody } from "../test-support";
import { CURSOR_TTL_MS } from "./user-page-cursor";
import { userPageSql } from "@/lib/users/user-queries";
import { sqliteConnectionOf } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";

function idsOf(json: unknown): string[] {
  return ((json as { Resources?: { id: string }[] }).Resources ?? []).map((u) => u.id);
}

async function sweep(call: (path: string) => Promise<unknown>, total: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 1; start <= total; start += count) ids.push(...idsOf(await call(`/Users?startIndex=${start}&count=${count}&attributes=id`)));
  return ids;
}

describe("sequential /Users pages (import sweep)", () => {
  it("continue where the previous page ended: the same users, in order, as OFFSET pages", async () => {
    let now = Date.UTC(2026, 0, 1);
    const scim = await createScimTestEnv({ now: () => now });
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      const r = await scim.call("POST", "/Users", userBody(`u${i}@example.com`));
      expect(r.status).toBe(201);
      created.push((r.json as { id: string }).id);
    }
    const get = async (path: string) => (await scim.call("GET", path)).json;
    expect(await sweep(get, 23, 5)).toEqual(created);
    // Random pages (no cursor for them) agree with the sweep.
    expect(idsOf(await get("/Users?startIndex=11&count=5&attributes=id"))).toEqual(created.slice(10, 15));
    expect(idsOf(await get("/Users?startIndex=16&count=5&attributes=id"))).toEqual(created.slice(15, 20));
    // A stale cursor is not used: after the TTL the page is the OFFSET page again.
    await get("/Users?startIndex=1&count=5&attributes=id");
    await scim.call("DELETE", `/Users/${created[0]}`);
    now += CURSOR_TTL_MS + 1;
    expect(idsOf(await get("/Users?startIndex=6&count=5&attributes=id"))).toEqual(created.slice(6, 11));
  });

  it("never returns a user twice when users are deleted during the sweep (RFC 7644 §3.4.2.4: pages may shift)", async () => {
    const scim = await createScimTestEnv();
    const created: string[] = [];
    for (let i = 0; i < 12; i++) created.push(((await scim.call("POST", "/Users", userBody(`d${i}@example.com`))).json as { id: string }).id);
    const first = idsOf((await scim.call("GET", "/Users?startIndex=1&count=4&attributes=id")).json);
    expect(first).toEqual(created.slice(0, 4));
    expect((await scim.call("DELETE", `/Users/${created[1]}`)).status).toBe(204);
    const second = idsOf((await scim.call("GET", "/Users?startIndex=5&count=4&attributes=id")).json);
    expect(second).toEqual(created.slice(4, 8));
    const third = idsOf((await scim.call("GET", "/Users?startIndex=9&count=4&attributes=id")).json);
    expect(third).toEqual(created.slice(8, 12));
    expect(new Set([...first, ...second, ...third]).size).toBe(12);
  });

  it.skipIf(onPostgres)("the continued page is a rowid range search, not an OFFSET walk of the index", async () => {
    const scim = await createScimTestEnv();
    const sql = userPageSql("(1) AND users.rowid > ?", "users.rowid", false, "sqlite");
    const plan = sqliteConnectionOf(scim.db).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0, 100, 0) as { detail: string }[];
    const details = plan.map((p) => p.detail).join("\n");
    expect(details).toMatch(/SEARCH users USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(details).not.toMatch(/TEMP B-TREE/);
  });
});
