import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity, sessions as adminSessions, admins, signInThrottles } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { resolveAdminSession, SESSION_LIFETIME_MS } from "./admin-sessions";
import { createAdmin } from "./create-admin";
import { signInAdmin } from "./sign-in-admin";
import { BASE_DELAY_MS, clearAccountThrottles, MAX_DELAY_MS, THROTTLE_RULES, THROTTLE_WINDOW_MS } from "./sign-in-throttle";

const EMAIL = "ada@example.com";
const PASSWORD = "correct horse battery";
const HOME = "198.51.100.10";
const ATTACKER = "203.0.113.66";
const T0 = Date.UTC(2025, 0, 1, 9, 0, 0);
const CHEAP = { N: 2 ** 4, r: 8, p: 1 };

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
  // A cheap cost: what is under test is the throttle, and the hash records its own cost.
  await createAdmin(db, { email: EMAIL, password: PASSWORD, name: "Ada" }, "cli", { passwordCost: CHEAP });
});

const attempt = async (now: number, { email = EMAIL, password = "wrong password!!", from = ATTACKER } = {}) =>
  signInAdmin(db, { email, password, clientAddress: from, userAgent: "test", now });
const actions = async (action: string) => selectRows(db, activity, "action = ?", action);
const throttle = async (key: string) => (await selectRows(db, signInThrottles, "key = ?", key))[0];

describe("signInAdmin", () => {
  it("accepts the right password case-insensitively, opens a session and records where from", async () => {
    const result = await attempt(T0, { email: "ADA@example.com", password: PASSWORD, from: HOME });
    expect(result).toMatchObject({ ok: true, admin: { email: EMAIL, name: "Ada", lastSignInAt: T0, lastSignInAddress: HOME } });
    if (!result.ok) throw new Error("unreachable");
    expect("passwordHash" in result.admin).toBe(false);
    expect((await selectRows(db, admins))[0]).toMatchObject({ lastSignInAt: T0, lastSignInAddress: HOME });
    expect(await actions("sign-in")).toEqual([expect.objectContaining({ kind: "auth", actor: EMAIL, at: T0, clientAddress: HOME })]);

    const session = (await selectRows(db, adminSessions))[0]!;
    expect(session).toMatchObject({ createdAt: T0, expiresAt: T0 + SESSION_LIFETIME_MS, clientAddress: HOME, userAgent: "test" });
    // The database keeps a hash of the secret, never the secret.
    expect(session.idHash).not.toContain(result.sessionSecret);
    expect(await resolveAdminSession(db, result.sessionSecret, { now: T0 + 1, idleTimeoutMs: 60_000 })).toMatchObject({ ok: true, admin: { email: EMAIL } });
  });

  it("answers a wrong password and an unknown email alike, and logs both with the address, never the password", async () => {
    expect(await attempt(T0)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(T0, { email: "nobody@example.com" })).toEqual({ ok: false, reason: "invalid" });
    expect((await actions("sign-in.failed")).map((f) => [f.actor, f.clientAddress])).toEqual([
      [EMAIL, ATTACKER],
      ["nobody@example.com", ATTACKER],
    ]);
    expect(JSON.stringify(await selectRows(db, activity))).not.toContain("wrong password!!");
    expect(await selectRows(db, adminSessions)).toHaveLength(0);
  });

  it("slows one address guessing one account with doubling waits, and refuses attempts during a wait unchecked", async () => {
    const free = THROTTLE_RULES.pair.free;
    for (let i = 0; i < free - 1; i++) expect(await attempt(T0 + i)).toEqual({ ok: false, reason: "invalid" });
    // The failure past the free ones starts the first wait; the attempt itself was checked.
    expect(await attempt(T0 + free)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(T0 + free + 1)).toEqual({ ok: false, reason: "invalid" });
    const next = await attempt(T0 + free + 2);
    expect(next).toMatchObject({ ok: false, reason: "throttled", rule: "pair", retryAfterSeconds: 1 });

    // Even the right password waits: it is not checked, so the wait tells nothing.
    expect(await attempt(T0 + free + 3, { password: PASSWORD })).toMatchObject({ reason: "throttled" });
    // After the wait, one more failure doubles it.
    const later = T0 + free + 1 + BASE_DELAY_MS;
    expect(await attempt(later)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(later + 1)).toMatchObject({ reason: "throttled", retryAfterSeconds: (2 * BASE_DELAY_MS) / 1000 });

    // One entry per wait started, the refusals folded into it with the address.
    const throttled = await actions("sign-in.throttled");
    expect(throttled).toHaveLength(2);
    expect(throttled[0]).toMatchObject({ actor: EMAIL, clientAddress: ATTACKER, details: { rule: "pair", refused: 2 } });
    expect(throttled[0]!.reason).toMatch(/failed sign-ins from this address: the next attempt waits 1 s/);
    expect(throttled[1]).toMatchObject({ details: { rule: "pair", refused: 1 } });
  });

  it("lets the real admin in from their own address while another address is throttled on the account", async () => {
    await attempt(T0, { password: PASSWORD, from: HOME }); // the admin's known address
    let now = T0 + 1_000;
    // Guesses from many addresses: the account key for unknown addresses starts waiting.
    for (let i = 0; i < THROTTLE_RULES.account.free + 1; i++) {
      await attempt((now += 1), { from: `203.0.113.${i}` });
    }
    expect(await attempt((now += 1), { from: "203.0.113.200", password: PASSWORD })).toMatchObject({ ok: false, reason: "throttled", rule: "account" });
    // From home, with the right password: in.
    expect(await attempt((now += 1), { from: HOME, password: PASSWORD })).toMatchObject({ ok: true });
  });

  it("slows an address spraying many emails, whichever emails", async () => {
    const free = THROTTLE_RULES.address.free;
    for (let i = 0; i <= free; i++) await attempt(T0 + i, { email: `user${i}@example.com` });
    expect(await attempt(T0 + free + 1, { email: "someone.new@example.com" })).toMatchObject({ reason: "throttled", rule: "address" });
    // Another address is not affected.
    expect(await attempt(T0 + free + 2, { password: PASSWORD, from: HOME })).toMatchObject({ ok: true });
  });

  it("caps the wait, and forgets failures once the window passes without one", async () => {
    let now = T0;
    for (let i = 0; i < 40; i++) {
      const row = await throttle(`pair:${EMAIL} ${ATTACKER}`);
      now = Math.max(now + 1, row?.blockedUntil ?? 0);
      await attempt(now);
    }
    const row = (await throttle(`pair:${EMAIL} ${ATTACKER}`))!;
    expect(row.blockedUntil! - row.lastFailureAt).toBe(MAX_DELAY_MS);

    const muchLater = row.lastFailureAt + THROTTLE_WINDOW_MS + 1;
    expect(await attempt(muchLater)).toEqual({ ok: false, reason: "invalid" });
    expect((await throttle(`pair:${EMAIL} ${ATTACKER}`))?.failures).toBe(1);
  });

  it("forgives the attempt that succeeds and clears the account's waits on unlock", async () => {
    await attempt(T0);
    await attempt(T0 + 1, { password: PASSWORD });
    expect(await throttle(`pair:${EMAIL} ${ATTACKER}`)).toBeUndefined();
    expect((await throttle(`address:${ATTACKER}`))?.failures).toBe(1);

    for (let i = 0; i < 5; i++) await attempt(T0 + 10 + i);
    expect(await clearAccountThrottles(db, EMAIL)).toBe(2); // the account key and the one address's
    expect(await attempt(T0 + 20, { password: PASSWORD })).toMatchObject({ ok: true });
  });

  it("refuses a disabled admin even with the right password, and says so", async () => {
    await db.execute("UPDATE admins SET disabled_at = ?", T0);
    expect(await attempt(T0 + 1, { password: PASSWORD })).toEqual({ ok: false, reason: "disabled" });
    expect(await actions("sign-in.refused")).toHaveLength(1);
    expect(await selectRows(db, adminSessions)).toHaveLength(0);
  });

  it("refuses empty input without touching the throttle", async () => {
    expect(await attempt(T0, { email: "" })).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(T0, { password: "" })).toEqual({ ok: false, reason: "invalid" });
    expect(await selectRows(db, signInThrottles)).toHaveLength(0);
  });
});
