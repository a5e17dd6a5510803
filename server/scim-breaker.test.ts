/**
 * The mass-deactivation breaker over HTTP (issue 14 §1): a wave of SCIM deactivations through
 * the real node:http adapter trips it at exactly the threshold, nothing past it is applied, and
 * release / discard decide exactly the held ones. The clock is the service's `now`.
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqlParam } from "@/db/client";
import { discardHeldChanges, releaseHeldChanges } from "@/lib/directory/decide-held-changes";
import { deactivateUserByAdmin } from "@/lib/directory/deactivate-user-by-admin";
import { getBreakerStatus } from "@/lib/directory/get-breaker-status";
import { listHeldChanges } from "@/lib/directory/list-held-changes";
import { pruneBreakerWindow } from "@/lib/directory/mass-change-breaker";
import { saveGroupMapping } from "@/lib/directory/save-group-mapping";
import { startPlanUserSession } from "@/lib/sessions/plan-user-sessions";
import { listOpenAlerts } from "@/lib/alerts/raise-alert";
import { updateSettings } from "@/lib/settings/update-settings";
import { createScimTestEnv, groupBody, patchBody, TEST_ADMIN, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { createScimHttpHandler, isScimPath, SCIM_PREFIX } from "./scim-http";

const START = Date.parse("2026-12-02T09:00:00Z");
const SEAT = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";

let clock = START;
let scim: ScimTestEnv;
let server: Server;
let port: number;

beforeEach(async () => {
  clock = START;
  scim = await createScimTestEnv({ now: () => clock });
  const handler = createScimHttpHandler(scim.service, { maxBodyBytes: 1024 * 1024 });
  server = createServer((req, res) => {
    if (isScimPath(req.url)) handler(req, res);
    else res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface HttpResult {
  status: number;
  json: any;
}

function send(method: string, path: string, body?: unknown): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: `${SCIM_PREFIX}${path}`,
        headers: { Authorization: scim.authorization, ...(text ? { "Content-Type": "application/scim+json" } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, json: raw ? JSON.parse(raw) : undefined });
        });
      },
    );
    req.on("error", reject);
    if (text) req.write(text);
    req.end();
  });
}

const deactivate = (id: string) => send("PATCH", `/Users/${id}`, patchBody({ op: "replace", value: { active: false } }));

/** Members created in process (the wave is what goes over HTTP). */
async function createMembers(count: number, extra: Record<string, unknown> = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await scim.call("POST", "/Users", userBody(`person${i}@example.com`, extra));
    expect(created.status).toBe(201);
    ids.push(created.json.id as string);
  }
  return ids;
}

async function count(sql: string, ...params: SqlParam[]): Promise<number> {
  return (await scim.db.row<{ n: number }>(sql, ...params))!.n;
}
const activeCount = async () => count("SELECT count(*) AS n FROM users WHERE status = 'active'");
const openHeld = async () => count("SELECT count(*) AS n FROM held_changes WHERE decided_at IS NULL");

describe("the mass-deactivation breaker over HTTP", () => {
  it("a wave of 500 deactivations trips at exactly the threshold; release applies exactly the chosen held ones, discard keeps the rest", async () => {
    const ids = await createMembers(1500); // 2% of 1,500 = 30 > the 25 minimum
    const threshold = 30;
    const results: HttpResult[] = [];
    for (const id of ids.slice(0, 500)) {
      results.push(await deactivate(id));
      clock += 200; // 500 requests in 100 s: one wave
    }
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await activeCount()).toBe(1500 - threshold);
    expect(await count("SELECT count(*) AS n FROM held_changes")).toBe(500 - threshold);
    // Nothing past the threshold applied: the first 30 are deactivated, every later one is not.
    const status = async (id: string) => (await scim.db.row<{ status: string }>("SELECT status FROM users WHERE id = ?", id))!.status;
    const statuses = async (userIds: string[]) => {
      const out: string[] = [];
      for (const id of userIds) out.push(await status(id));
      return out;
    };
    expect((await statuses(ids.slice(0, threshold))).every((s) => s === "deactivated")).toBe(true);
    expect((await statuses(ids.slice(threshold, 500))).every((s) => s === "active")).toBe(true);

    // The answer for a held deactivation: 200, the user as they are, the held state in the seat extension.
    const held = results[threshold]!;
    expect(held.json.active).toBe(true);
    expect(held.json[SEAT].seatType).toBe("Member");
    expect(held.json[SEAT].heldChange).toEqual({ kind: "deactivate", requested: "deactivated", heldAt: new Date(START + threshold * 200).toISOString() });
    expect(results[threshold - 1]!.json.active).toBe(false);
    expect(results[threshold - 1]!.json[SEAT].heldChange).toBeUndefined();
    // Advertised as it is: read-only, in the seat extension's schema.
    const schema = (await send("GET", `/Schemas/${SEAT}`)).json;
    expect(schema.attributes.find((a: { name: string }) => a.name === "heldChange")).toMatchObject({ type: "complex", mutability: "readOnly" });
    const got = await send("GET", `/Users/${ids[threshold]!}`);
    expect(got.json[SEAT].heldChange.kind).toBe("deactivate");
    const listed = await send("GET", `/Users?filter=${encodeURIComponent(`userName eq "person${threshold}@example.com"`)}`);
    expect(listed.json.Resources[0][SEAT].heldChange.kind).toBe("deactivate");

    // One trip, one alert, one activity entry for it.
    const state = await getBreakerStatus(scim.db, clock);
    expect(state.trip).toMatchObject({ threshold, activeUsers: 1500, open: 500 - threshold });
    expect((await listOpenAlerts(scim.db)).filter((a) => a.event === "breaker.tripped")).toHaveLength(1);
    expect(await count("SELECT count(*) AS n FROM activity WHERE action = 'breaker.tripped'")).toBe(1);

    // Entra re-sends its PATCH next cycle: the open row is updated, nothing else happens.
    clock += 40 * 60_000;
    expect((await deactivate(ids[threshold]!)).status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM held_changes")).toBe(500 - threshold);
    expect(await count("SELECT count(*) AS n FROM held_changes WHERE updated_at = ?", clock)).toBe(1);
    expect(await status(ids[threshold]!)).toBe("active");

    // Release the first half of the held ones (the Admin Center's selection), with a session to end.
    const session = await startPlanUserSession(scim.db, { userId: ids[threshold]!, method: "saml", now: clock });
    expect(session).toBeTruthy();
    const heldRows = (await listHeldChanges(scim.db, { tripId: state.trip!.id, pageSize: 500 })).rows;
    const half = heldRows.slice(0, 235);
    const released = await releaseHeldChanges(scim.db, { ids: half.map((r) => r.id) }, TEST_ADMIN, clock);
    expect(released).toEqual({ decision: "released", decided: 235, cleared: false });
    expect(await activeCount()).toBe(1500 - threshold - 235);
    expect((await statuses(half.map((r) => r.userId))).every((s) => s === "deactivated")).toBe(true);
    expect((await statuses(heldRows.slice(235).map((r) => r.userId))).every((s) => s === "active")).toBe(true);
    expect(await count("SELECT count(*) AS n FROM sessions WHERE user_id = ? AND ended_at IS NULL", ids[threshold]!)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM activity WHERE action = 'user.deactivated' AND actor = ?", TEST_ADMIN)).toBe(235);

    // Discard the rest: they stay active, the log says who overruled the IdP, the trip clears.
    const discarded = await discardHeldChanges(scim.db, { all: true }, TEST_ADMIN, clock);
    expect(discarded).toEqual({ decision: "discarded", decided: 235, cleared: true });
    expect(await activeCount()).toBe(1500 - threshold - 235);
    const overruled = await scim.db.rows<{ actor: string; reason: string }>("SELECT actor, reason FROM activity WHERE action = 'breaker.discarded'");
    expect(overruled).toHaveLength(235);
    expect(overruled[0]!.actor).toBe(TEST_ADMIN);
    expect(overruled[0]!.reason).toContain("overruled");
    expect((await getBreakerStatus(scim.db, clock)).trip).toBeNull();
    expect((await listOpenAlerts(scim.db)).filter((a) => a.event === "breaker.tripped")).toHaveLength(0);
    expect((await send("GET", `/Users/${heldRows[300]!.userId}`)).json[SEAT].heldChange).toBeUndefined();

    // Cleared: the next wave counts from zero and can trip it again (once).
    for (const id of ids.slice(500, 540)) await deactivate(id);
    expect(await count("SELECT count(*) AS n FROM breaker_trips")).toBe(2);
    // 1,235 active now: 2% is 25, the minimum, so 25 apply and 15 are held.
    expect(await openHeld()).toBe(15);
  });

  it("a slow trickle under the threshold never trips it, and the scheduler prunes the window", async () => {
    const ids = await createMembers(200);
    for (const id of ids.slice(0, 150)) {
      expect((await deactivate(id)).status).toBe(200);
      clock += 30_000; // one every 30 s: 20 in any 10 minutes, under the 25 minimum
    }
    expect(await activeCount()).toBe(50);
    expect(await count("SELECT count(*) AS n FROM breaker_trips")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM held_changes")).toBe(0);
    // The window is the last 10 minutes: the 19 changes inside it stay.
    expect(await pruneBreakerWindow(scim.db, clock)).toBe(131);
    expect(await count("SELECT count(*) AS n FROM breaker_window")).toBe(19);
  });

  it("a group PATCH removing 100 Members from a licensed group trips part-way; re-adding supersedes", async () => {
    const ids = await createMembers(100, {});
    const group = await scim.call("POST", "/Groups", groupBody("Licensed", ids));
    expect(group.status).toBe(201);
    await saveGroupMapping(scim.db, { group: "Licensed", role: "LICENSED_USER", actor: TEST_ADMIN, now: clock });
    expect(await count("SELECT count(*) AS n FROM users WHERE seat_type = 'Member'")).toBe(100);

    const removed = await send(
      "PATCH",
      `/Groups/${group.json.id as string}`,
      patchBody(...ids.map((id) => ({ op: "remove", path: `members[value eq "${id}"]` }))),
    );
    expect(removed.status).toBe(204);
    // Threshold: max(25, 2% of 100) = 25 applied, the other 75 held; every one left the group.
    expect(await count("SELECT count(*) AS n FROM users WHERE seat_type = 'Member'")).toBe(75);
    expect(await count("SELECT count(*) AS n FROM held_changes WHERE kind = 'downgrade' AND from_value = 'Member'")).toBe(75);
    expect(await count("SELECT count(*) AS n FROM group_members")).toBe(0);
    const heldUser = ids[99]!;
    expect((await send("GET", `/Users/${heldUser}`)).json[SEAT]).toMatchObject({ seatType: "Member", heldChange: { kind: "downgrade" } });

    // The IdP puts ten of the held back: DI says Member again, their held rows are superseded.
    await send("PATCH", `/Groups/${group.json.id as string}`, patchBody({ op: "add", path: "members", value: ids.slice(90).map((value) => ({ value })) }));
    expect(await count("SELECT count(*) AS n FROM held_changes WHERE decision = 'superseded'")).toBe(10);
    expect(await openHeld()).toBe(65);

    // Release applies the seat DI decides now.
    await releaseHeldChanges(scim.db, { all: true }, TEST_ADMIN, clock);
    expect(await count("SELECT count(*) AS n FROM users WHERE seat_type = 'Member'")).toBe(10);
    expect((await getBreakerStatus(scim.db, clock)).trip).toBeNull();
  });

  it("a held DELETE answers 204 and keeps the resource, with the held state, until released; active:true takes a held deactivation back", async () => {
    const ids = await createMembers(30);
    for (const id of ids.slice(0, 25)) expect((await send("DELETE", `/Users/${id}`)).status).toBe(204);
    expect((await send("DELETE", `/Users/${ids[25]!}`)).status).toBe(204);
    const kept = await send("GET", `/Users/${ids[25]!}`);
    expect(kept.status).toBe(200);
    expect(kept.json.active).toBe(true);
    expect(kept.json[SEAT].heldChange).toMatchObject({ kind: "delete", requested: "deleted" });

    // A PATCH of another attribute keeps the held deactivation; only active:true takes it back.
    const renamed = await send("PATCH", `/Users/${ids[26]!}`, patchBody({ op: "replace", value: { active: false } }));
    expect(renamed.json[SEAT].heldChange.kind).toBe("deactivate");
    await send("PATCH", `/Users/${ids[26]!}`, patchBody({ op: "replace", path: "displayName", value: "Renamed" }));
    expect(await openHeld()).toBe(2);
    const back = await send("PATCH", `/Users/${ids[26]!}`, patchBody({ op: "replace", value: { active: true } }));
    expect(back.json.active).toBe(true);
    expect(back.json[SEAT].heldChange).toBeUndefined();
    expect(await openHeld()).toBe(1);

    await releaseHeldChanges(scim.db, { users: ["person25@example.com"] }, TEST_ADMIN, clock);
    expect((await send("GET", `/Users/${ids[25]!}`)).status).toBe(404);
    expect((await getBreakerStatus(scim.db, clock)).trip).toBeNull();
  });

  it("admins are never held nor counted, and a breaker turned off holds nothing", async () => {
    const ids = await createMembers(80);
    for (const id of ids.slice(0, 40)) await deactivateUserByAdmin(scim.db, id, TEST_ADMIN, clock);
    expect(await count("SELECT count(*) AS n FROM breaker_window")).toBe(0);
    await updateSettings(scim.db, { breakerEnabled: false }, TEST_ADMIN);
    for (const id of ids.slice(40, 80)) expect((await deactivate(id)).json.active).toBe(false);
    expect(await activeCount()).toBe(0);
    expect(await count("SELECT count(*) AS n FROM breaker_trips")).toBe(0);
  });
});
