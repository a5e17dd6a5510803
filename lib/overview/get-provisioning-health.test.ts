import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { onPostgres } from "@/db/testing/engine";
import { createScimTestEnv, groupBody, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { getProvisioningHealth } from "./get-provisioning-health";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("getProvisioningHealth", () => {
  it("counts SCIM requests and failures by kind over 24 hours and 7 days", async () => {
    const start = Date.UTC(2026, 11, 1, 9);
    let t = start;
    const scim = await createScimTestEnv({ now: () => t });
    // Eight days ago: outside both windows.
    t = start - 8 * DAY;
    await scim.call("GET", "/Users");
    // Three days ago: the week only.
    t = start - 3 * DAY;
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
    await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", value: { active: false } }));
    // The last hour.
    t = start - HOUR;
    const bob = (await scim.call("POST", "/Users", userBody("bob@example.com"))).json;
    expect((await scim.call("POST", "/Users", userBody("bob@example.com"))).status).toBe(409);
    await scim.call("PUT", `/Users/${bob.id}`, userBody("bob@example.com", { displayName: "Bob" }));
    await scim.call("DELETE", `/Users/${bob.id}`);
    await scim.call("POST", "/Groups", groupBody("Engineering"));
    await scim.call("GET", '/Users?filter=userName eq "cyd@example.com"');
    await scim.call("POST", "/Users/.search", { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"] });
    expect((await scim.call("GET", "/Nope")).status).toBe(404);
    // A flood without a valid token: folded into fewer rows, counted as every request.
    for (let i = 0; i < 12; i++) await scim.call("GET", "/Users", undefined, { authorization: "Bearer wrong" });
    await scim.service.flush();

    const health = await getProvisioningHealth(scim.db, start);
    expect(health.day.byKind).toEqual({
      create: { requests: 2, failed: 1 },
      update: { requests: 1, failed: 0 },
      delete: { requests: 1, failed: 0 },
      group: { requests: 1, failed: 0 },
      read: { requests: 3, failed: 1 },
      other: { requests: 0, failed: 0 },
      unauthenticated: { requests: 12, failed: 12 },
    });
    expect(health.day.total).toEqual({ requests: 20, failed: 14 });
    expect(health.day.deactivations).toBe(1); // bob's DELETE deactivates him
    expect(health.week.byKind.create).toEqual({ requests: 3, failed: 1 });
    expect(health.week.byKind.update).toEqual({ requests: 2, failed: 0 });
    expect(health.week.byKind.read).toEqual({ requests: 3, failed: 1 }); // the 8-day-old read is out
    expect(health.week.deactivations).toBe(2); // ada's PATCH active=false and bob's DELETE
    expect(health.week.total).toEqual({ requests: 22, failed: 14 });
  });

  it("gives the last request of each active token, and none for a token never used", async () => {
    let t = Date.UTC(2026, 11, 1, 9);
    const scim = await createScimTestEnv({ now: () => t });
    const entra = await createToken(scim.db, { name: "Entra" }, TEST_ADMIN);
    await scim.call("GET", "/Users");
    t += 1000;
    expect((await scim.call("POST", "/Users", userBody("not-an-email"))).status).toBe(400);
    await scim.service.flush();

    const [okta, unused] = (await getProvisioningHealth(scim.db, t)).tokens;
    expect(okta).toMatchObject({ name: "Okta", last: { at: t, method: "POST", path: "/Users", status: 400 } });
    expect(okta!.last!.reason).toMatch(/userName|email/);
    expect(unused).toEqual({ tokenId: entra.id, name: "Entra", expiresAt: null, last: null });

    await revokeToken(scim.db, entra.id, TEST_ADMIN);
    expect((await getProvisioningHealth(scim.db, t)).tokens.map((x) => x.name)).toEqual(["Okta"]);
  });

  // The queries name their index (INDEXED BY): SQLite refuses to run one it cannot serve
  // from that index, so this also fails if a change made them scan the table. PostgreSQL
  // takes no such hint, so there the test would only time a million inserts.
  it.skipIf(onPostgres)("reads a log of 1,000,000 entries through its index", async () => {
    const now = Date.UTC(2026, 11, 1, 9);
    const scim = await createScimTestEnv({ now: () => now });
    await scim.call("GET", "/Users");
    await scim.service.flush();
    const seeded = await seedActivity(scim.db, { rows: 1_000_000, now, spanDays: 30, tokenId: scim.token.id });
    expect(seeded).toBe(1_000_000);

    const started = performance.now();
    const health = await getProvisioningHealth(scim.db, now);
    const ms = performance.now() - started;
    // 1,000,000 rows over 30 days: about a week's share in the 7-day window.
    expect(health.week.total.requests).toBeGreaterThan(200_000);
    expect(health.week.total.requests).toBeLessThan(270_000);
    expect(health.tokens[0]!.last).toMatchObject({ at: now, method: "GET" });
    console.info(`getProvisioningHealth over 1,000,000 activity rows: ${ms.toFixed(0)} ms`);
  });
});

/**
 * Bulk activity rows as the request log writes them, in one INSERT … SELECT over a recursive
 * counter (a prepared INSERT a row would take several times longer): SCIM requests spread
 * evenly over the last `spanDays` days, one in twenty failed, a mix of methods and paths.
 */
async function seedActivity(db: Db, o: { rows: number; now: number; spanDays: number; tokenId: string }): Promise<number> {
  const result = await db.execute(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO activity (at, kind, actor, action, method, path, status, duration_ms, token_id, details)
     SELECT ? - (i * ?) / ?, 'scim', 'SCIM token ''Okta''',
            'scim.' || lower(CASE i % 4 WHEN 0 THEN 'GET' WHEN 1 THEN 'PATCH' WHEN 2 THEN 'POST' ELSE 'GET' END),
            CASE i % 4 WHEN 0 THEN 'GET' WHEN 1 THEN 'PATCH' WHEN 2 THEN 'POST' ELSE 'GET' END,
            CASE i % 4 WHEN 1 THEN '/Users/u' || i WHEN 2 THEN '/Users' ELSE '/Users' END,
            CASE WHEN i % 20 = 0 THEN 409 ELSE 200 END, 1, ?, '{"token":"Okta"}'
       FROM n`,
    o.rows,
    o.now - 1,
    o.spanDays * DAY,
    o.rows,
    o.tokenId,
  );
  return result.changes;
}
