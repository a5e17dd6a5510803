import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { ENDED_SESSION_KEEP_MS, pruneAdminSessions, resolveAdminSession, SESSION_LIFETIME_MS, startAdminSession, TOUCH_INTERVAL_MS } from "./admin-sessions";
import { createAdmin } from "./create-admin";
import { resetAdminPassword } from "./reset-admin-password";
import { revokeAdminSessions } from "./revoke-admin-sessions";
import { setAdminDisabled } from "./set-admin-disabled";
import { signOutAdmin } from "./sign-out-admin";

const CHEAP = { N: 2 ** 4, r: 8, p: 1 };
const T0 = Date.UTC(2025, 0, 1, 9, 0, 0);
const IDLE = 30 * 60_000;

let db: Db;
let ada: string;
let bob: string;
beforeEach(async () => {
  db = await openTestDatabase();
  ada = (await createAdmin(db, { email: "ada@example.com", password: "correct horse battery" }, "cli", { passwordCost: CHEAP })).id;
  bob = (await createAdmin(db, { email: "bob@example.com", password: "another long password" }, "cli", { passwordCost: CHEAP })).id;
});

const open = async (adminId: string, now = T0) => startAdminSession(db, { adminId, now, clientAddress: "198.51.100.1" });
const resolve = async (secret: string, now: number) => resolveAdminSession(db, secret, { now, idleTimeoutMs: IDLE });

describe("admin sessions", () => {
  it("end at the absolute lifetime however active, and after the idle timeout", async () => {
    const busy = await open(ada);
    for (let now = T0; now < T0 + SESSION_LIFETIME_MS; now += 10 * 60_000) expect((await resolve(busy, now)).ok).toBe(true);
    expect(await resolve(busy, T0 + SESSION_LIFETIME_MS)).toEqual({ ok: false, reason: "expired" });
    // Ended for good: the session does not come back.
    expect(await resolve(busy, T0 + 1)).toEqual({ ok: false, reason: "expired" });

    const quiet = await open(ada);
    expect((await resolve(quiet, T0 + IDLE - 1)).ok).toBe(true);
    expect(await resolve(quiet, T0 + IDLE - 1 + IDLE)).toEqual({ ok: false, reason: "idle" });
  });

  it("write last_seen_at at most once a touch interval", async () => {
    const secret = await open(ada);
    await resolve(secret, T0 + TOUCH_INTERVAL_MS - 1);
    expect((await db.row<{ lastSeenAt: number }>('SELECT last_seen_at AS "lastSeenAt" FROM sessions'))?.lastSeenAt).toBe(T0);
    await resolve(secret, T0 + TOUCH_INTERVAL_MS);
    expect((await db.row<{ lastSeenAt: number }>('SELECT last_seen_at AS "lastSeenAt" FROM sessions'))?.lastSeenAt).toBe(T0 + TOUCH_INTERVAL_MS);
  });

  it("end at sign-out: the same cookie opens nothing afterwards", async () => {
    const secret = await open(ada);
    expect(await signOutAdmin(db, { sessionSecret: secret, adminId: ada, now: T0 + 5 })).toBe(true);
    expect(await resolve(secret, T0 + 6)).toEqual({ ok: false, reason: "signed-out" });
    expect((await db.rows<{ action: string }>("SELECT action FROM activity")).map((e) => e.action)).toContain("sign-out");
    expect(await resolve("a secret nobody was given", T0)).toEqual({ ok: false, reason: "unknown" });
  });

  it("end when the admin is disabled, and the last enabled admin cannot be disabled", async () => {
    const secret = await open(bob);
    expect(await setAdminDisabled(db, { admin: { id: bob }, disabled: true, actor: "cli", now: T0 + 1 })).toMatchObject({ changed: true, sessionsEnded: 1 });
    expect(await resolve(secret, T0 + 2)).toEqual({ ok: false, reason: "disabled" });
    await expect(setAdminDisabled(db, { admin: { id: ada }, disabled: true, actor: "cli", now: T0 + 3 })).rejects.toThrow(/only enabled System Admin/);
    await expect(setAdminDisabled(db, { admin: { id: ada }, disabled: true, actor: "ada", actingAdminId: ada, now: T0 + 3 })).rejects.toThrow(/cannot disable yourself/);
    expect(await setAdminDisabled(db, { admin: { email: "BOB@example.com" }, disabled: false, actor: "cli", now: T0 + 4 })).toMatchObject({ changed: true });
  });

  it("end at a password reset; an admin's own change keeps their current session", async () => {
    const first = await open(ada);
    const second = await open(ada);
    await resetAdminPassword(db, { admin: { id: ada }, password: "a brand new password", actor: "ada", now: T0 + 1, own: { currentPassword: "correct horse battery", sessionSecret: first } }, { passwordCost: CHEAP });
    expect((await resolve(first, T0 + 2)).ok).toBe(true);
    expect(await resolve(second, T0 + 2)).toEqual({ ok: false, reason: "password-changed" });

    await expect(
      resetAdminPassword(db, { admin: { id: ada }, password: "yet another password", actor: "ada", now: T0 + 3, own: { currentPassword: "not it", sessionSecret: first } }, { passwordCost: CHEAP }),
    ).rejects.toThrow(/current password is wrong/);
    await resetAdminPassword(db, { admin: { email: "ada@example.com" }, password: "the operator's choice", actor: "cli", now: T0 + 4 }, { passwordCost: CHEAP });
    expect(await resolve(first, T0 + 5)).toEqual({ ok: false, reason: "password-changed" });
  });

  it("are revoked per admin, for everyone, or everywhere but here", async () => {
    const a1 = await open(ada);
    const a2 = await open(ada);
    const b1 = await open(bob);
    expect(await revokeAdminSessions(db, { scope: { admin: { id: ada } }, actor: "ada", now: T0 + 1, exceptSecret: a1 })).toEqual({ ended: 1 });
    expect([(await resolve(a1, T0 + 2)).ok, (await resolve(a2, T0 + 2)).ok, (await resolve(b1, T0 + 2)).ok]).toEqual([true, false, true]);
    expect(await revokeAdminSessions(db, { scope: { all: true }, actor: "cli", now: T0 + 3 })).toEqual({ ended: 2 });
    expect([(await resolve(a1, T0 + 4)).ok, (await resolve(b1, T0 + 4)).ok]).toEqual([false, false]);
    await expect(revokeAdminSessions(db, { scope: { admin: { email: "nobody@example.com" } }, actor: "cli", now: T0 })).rejects.toThrow(/No System Admin has the email/);
  });

  it("are pruned 30 days after they ended", async () => {
    const secret = await open(ada);
    await signOutAdmin(db, { sessionSecret: secret, adminId: ada, now: T0 + 1 });
    await open(bob, T0 + ENDED_SESSION_KEEP_MS);
    expect(await pruneAdminSessions(db, T0 + 1 + ENDED_SESSION_KEEP_MS)).toBe(0);
    expect(await pruneAdminSessions(db, T0 + 2 + ENDED_SESSION_KEEP_MS)).toBe(1);
    expect(await db.rows("SELECT id_hash FROM sessions")).toHaveLength(1);
  });
});
