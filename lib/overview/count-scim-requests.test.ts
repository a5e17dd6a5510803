import { describe, expect, it } from "vitest";
import { inTransaction, openTestDatabase, type Db } from "@/db/client";
import { countScimRequests, EDGE_SQL, HOUR, HOURS_SQL, type ScimRequestCount } from "./count-scim-requests";
import { dialectOf } from "@/db/dialect";
import { onPostgres } from "@/db/testing/engine";
import { DI_OFF_REASON_PREFIX } from "./di-off-refusals";

interface Row {
  at: number;
  kind: "scim" | "user" | "seat";
  actor: string;
  action: string;
  method: string | null;
  path: string | null;
  status: number | null;
  token_id: string | null;
  reason: string | null;
  details: string | null;
}

const INSERT = `INSERT INTO activity (at, kind, actor, action, method, path, status, token_id, reason, details)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A deterministic mix of what the log holds: SCIM requests of every class, folded floods, DI-off refusals, deactivations, seat entries. */
function randomRows(count: number, start: number, span: number): Row[] {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const paths = ["/Users", "/Users/", "/Users/0193abc", "/Users/.search", "/Groups", "/Groups/0193def", "/Groups/.search", "/ServiceProviderConfig", "/usersX"];
  return Array.from({ length: count }, () => {
    const at = start + Math.floor(next() * span);
    const roll = next();
    if (roll < 0.05) {
      return { at, kind: "user", actor: "SCIM token 'Okta'", action: pick(["user.deactivated", "user.deleted", "user.created"]), method: null, path: null, status: null, token_id: null, reason: null, details: null };
    }
    if (roll < 0.08) {
      return { at, kind: "seat", actor: "admin@example.com", action: "seat.changed", method: null, path: null, status: null, token_id: null, reason: null, details: null };
    }
    const anonymous = next() < 0.15;
    const status = anonymous ? pick([401, 403]) : pick([200, 200, 200, 201, 204, 400, 403, 404, 409, 429]);
    const diOff = !anonymous && status === 403 && next() < 0.7;
    const folded = status >= 400 && next() < 0.3;
    return {
      at,
      kind: "scim",
      actor: anonymous ? "unauthenticated" : "SCIM token 'Okta'",
      action: "scim.request",
      method: pick(["GET", "POST", "PUT", "PATCH", "DELETE"]),
      path: pick(paths),
      status,
      token_id: anonymous ? null : "t1",
      reason: diOff ? `${DI_OFF_REASON_PREFIX}: turn it on` : null,
      details: folded ? JSON.stringify({ count: 2 + Math.floor(next() * 40), lastAt: at }) : anonymous ? null : JSON.stringify({ token: "Okta" }),
    };
  });
}

/** The same classes counted from the rows themselves, in JavaScript. */
async function bruteForce(db: Db, from: number, to: number): Promise<Map<string, number>> {
  const rows = await db.rows<Row>("SELECT * FROM activity WHERE at >= ? AND at < ?", from, to);
  const totals = new Map<string, number>();
  for (const r of rows) {
    const deactivation = r.kind === "user" && ["user.deactivated", "user.deleted"].includes(r.action) && r.actor.startsWith("SCIM token ");
    if (r.kind !== "scim" && !deactivation) continue;
    const p = (r.path ?? "").toLowerCase();
    const pathClass = p.startsWith("/users/.s") ? "/users/.s" : p.startsWith("/groups/.") ? "/groups/." : p.startsWith("/groups") ? "/groups" : p === "/users" || p === "/users/" ? "/users" : p.startsWith("/users/") ? "/users/x" : "";
    const failed = (r.status ?? 0) >= 400;
    const diOff = r.status === 403 && (r.reason ?? "").startsWith(DI_OFF_REASON_PREFIX);
    const weight = failed ? ((r.details ? (JSON.parse(r.details) as { count?: number }).count : undefined) ?? 1) : 1;
    const part = deactivation ? "deactivation" : r.token_id === null ? "anonymous" : "token";
    const key = [part, r.method ?? "", deactivation ? "" : pathClass, failed, diOff].join("|");
    totals.set(key, (totals.get(key) ?? 0) + weight);
  }
  return totals;
}

const asMap = (counts: ScimRequestCount[]) =>
  new Map(counts.map((c) => [[c.part, c.method, c.pathClass, c.failed, c.diOff].join("|"), c.requests]));

describe("countScimRequests", () => {
  const start = Date.UTC(2026, 11, 1, 0, 0, 0);
  const span = 10 * 24 * HOUR;
  /** Windows: whole hours, partial ends on either side of half an hour, inside one hour, a week ending mid-hour. */
  const windows: [number, number][] = [
    [start, start + span],
    [start + 3 * HOUR, start + 27 * HOUR],
    [start + 3 * HOUR + 1, start + 27 * HOUR - 1],
    [start + 5 * HOUR + 10 * 60_000, start + 30 * HOUR + 50 * 60_000],
    [start + 5 * HOUR + 50 * 60_000, start + 30 * HOUR + 10 * 60_000],
    [start + 7 * HOUR + 100, start + 7 * HOUR + 200_000],
    [start + 7 * HOUR + 100, start + 7 * HOUR + 3_000_000],
    [start + 8 * HOUR + 1_000_000, start + 9 * HOUR + 500_000],
    [start + 2 * 24 * HOUR + 1234, start + 9 * 24 * HOUR + 98_765],
  ];

  it("counts every window as the rows themselves do, after inserts, fold updates and deletes", async () => {
    const db = await openTestDatabase();
    await inTransaction(db, async (tx) => {
      for (const r of randomRows(4000, start, span)) {
        await tx.execute(INSERT, r.at, r.kind, r.actor, r.action, r.method, r.path, r.status, r.token_id, r.reason, r.details);
      }
    });
    for (const [from, to] of windows) expect(asMap(await countScimRequests(db, from, to))).toEqual(await bruteForce(db, from, to));

    // The request log grows a folded row's count in place; retention deletes the oldest; a row may be rewritten.
    await db.execute(`UPDATE activity SET details = ${dialectOf(db.engine).jsonObject("'count'", "77", "'lastAt'", "at")} WHERE id % 9 = 0 AND status >= 400`);
    await db.execute(`DELETE FROM activity WHERE id % 11 = 0`);
    await db.execute(`UPDATE activity SET status = 403, reason = '${DI_OFF_REASON_PREFIX}.' WHERE id % 13 = 0 AND kind = 'scim' AND token_id IS NOT NULL`);
    await db.execute(`UPDATE activity SET at = at + 5400000 WHERE id % 17 = 0`);
    for (const [from, to] of windows) expect(asMap(await countScimRequests(db, from, to))).toEqual(await bruteForce(db, from, to));
    for (const [from, to] of windows) {
      const diOff = new Map([...await bruteForce(db, from, to)].filter(([key]) => key.endsWith("|true")));
      expect(asMap(await countScimRequests(db, from, to, { diOffOnly: true }))).toEqual(diOff);
    }
  });

  it.skipIf(onPostgres)("reads whole hours from the rollup's key and the partial ends from activity_kind_at_idx", async () => {
    const db = await openTestDatabase();
    const plan = async (sql: string) =>
      (await db
        .rows<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, 1, 2))
        .map((r) => r.detail)
        .join("\n");
    expect(await plan(HOURS_SQL)).toMatch(/SEARCH activity_hours USING (INDEX|PRIMARY KEY|COVERING INDEX) sqlite_autoindex_activity_hours_1 \(hour>\? AND hour<\?\)/);
    expect(await plan(EDGE_SQL.sqlite)).toMatch(/activity_kind_at_idx \(kind=\? AND at>\? AND at<\?\)/);
  });
});
