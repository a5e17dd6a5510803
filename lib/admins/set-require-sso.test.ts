import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity, admins, sessions, ssoConnection } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { selectRows } from "@/lib/testing/select-rows";
import { resolveAdminSession } from "./admin-sessions";
import { createAdmin } from "./create-admin";
import { getPasswordSignIn } from "./get-password-sign-in";
import { setAdminBreakGlass } from "./set-admin-break-glass";
import { setAdminDisabled } from "./set-admin-disabled";
import { setRequireSso } from "./set-require-sso";
import { signInAdmin } from "./sign-in-admin";
import { thrownByAsync } from "@/lib/testing/thrown-by";

const PASSWORD = "correct horse battery";
const CHEAP = { N: 2 ** 4, r: 8, p: 1 };
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const IDLE = { now: T0 + 1, idleTimeoutMs: 3_600_000 };

let db: Db;
let ada: string;
let bob: string;
beforeEach(async () => {
  db = await openTestDatabase();
  ada = (await createAdmin(db, { email: "ada@example.com", name: "Ada", password: PASSWORD }, "cli", { passwordCost: CHEAP })).id;
  bob = (await createAdmin(db, { email: "bob@example.com", name: "Bob", password: PASSWORD }, "cli", { passwordCost: CHEAP })).id;
});

const connect = async (enabled = true) =>
  db.execute("INSERT INTO sso_connection (id, protocol, enabled, idp_name, updated_by) VALUES (1, 'saml', ?, 'Okta', 'test')", enabled ? 1 : 0);
const signIn = async (email: string, password = PASSWORD) => signInAdmin(db, { email, password, clientAddress: "198.51.100.7", now: T0 });
const entries = async (action: string) => selectRows(db, activity, "action = ?", action);
const on = async (actor = "ada@example.com") => setRequireSso(db, { on: true, actor, now: T0 });
const caught = (promise: Promise<unknown>): Promise<AppError> => thrownByAsync(AppError, () => promise);

describe("setRequireSso", () => {
  it("needs an enabled SSO connection and an enabled break-glass admin, saying what to do first", async () => {
    expect((await caught(on())).message).toMatch(/Set up single sign-on first/);
    await connect(false);
    expect((await caught(on())).message).toMatch(/Okta is turned off/);
    await db.execute("UPDATE sso_connection SET enabled = 1");
    expect((await caught(on())).message).toMatch(/break-glass first/);
    await setAdminBreakGlass(db, { admin: { id: bob }, on: true, actor: "cli", now: T0 });
    await setAdminDisabled(db, { admin: { id: bob }, disabled: true, actor: "cli", now: T0 });
    expect((await caught(on())).message).toMatch(/break-glass first/);
    expect(await getPasswordSignIn(db)).toMatchObject({ requireSso: false, breakGlassAdmins: 0 });
    expect(await entries("settings.require-sso")).toEqual([]);
  });

  it("ends the password sessions of admins who are not break-glass, keeps the break-glass ones, and logs it", async () => {
    await connect();
    const adaSession = await signIn("ada@example.com");
    const bobSession = await signIn("bob@example.com");
    if (!adaSession.ok || !bobSession.ok) throw new Error("sign-in failed");
    await setAdminBreakGlass(db, { admin: { email: "bob@example.com" }, on: true, actor: "ada@example.com", now: T0 });
    // Ada signed in with a password and is not break-glass: it would sign her out.
    expect((await caught(setRequireSso(db, { on: true, actor: "ada@example.com", actingAdminId: ada, now: T0 }))).message).toMatch(
      /would sign you out/,
    );
    expect(await on("bob@example.com")).toEqual({ requireSso: true, changed: true, sessionsEnded: 1 });
    expect(await resolveAdminSession(db, adaSession.sessionSecret, IDLE)).toEqual({ ok: false, reason: "sso-required" });
    expect(await resolveAdminSession(db, bobSession.sessionSecret, IDLE)).toMatchObject({ ok: true });
    expect((await entries("settings.require-sso")).map((e) => [e.actor, e.fromValue, e.toValue])).toEqual([["bob@example.com", "off", "on"]]);
    expect(await on()).toMatchObject({ changed: false });
    expect(await setRequireSso(db, { on: false, actor: "bob@example.com", now: T0 })).toMatchObject({ requireSso: false, changed: true });
    expect((await selectRows(db, ssoConnection))[0]).toMatchObject({ requireSsoForAdmins: false, updatedBy: "bob@example.com" });
  });
});

describe("signInAdmin while single sign-on is required", () => {
  beforeEach(async () => {
    await connect();
    await setAdminBreakGlass(db, { admin: { id: bob }, on: true, actor: "cli", now: T0 });
    await on();
  });

  it("refuses a non-break-glass admin's right password, pointing to the IdP, and logs it; the break-glass admin signs in", async () => {
    expect(await signIn("ada@example.com")).toEqual({ ok: false, reason: "sso-required", idpName: "Okta" });
    expect((await entries("sign-in.refused")).map((e) => [e.actor, e.reason, e.clientAddress])).toEqual([
      ["ada@example.com", expect.stringMatching(/single sign-on is required.*Okta/), "198.51.100.7"],
    ]);
    // A wrong password still reads as a wrong password: the refusal says nothing before the password is right.
    expect(await signIn("ada@example.com", "wrong password!!")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("bob@example.com")).toMatchObject({ ok: true });
    expect(await selectRows(db, sessions, "admin_id = ?", ada)).toEqual([]);
  });

  it("never leaves zero break-glass admins, and an unmarked admin's password sessions end", async () => {
    expect((await caught(setAdminBreakGlass(db, { admin: { id: bob }, on: false, actor: "cli", now: T0 }))).message).toMatch(
      /only enabled break-glass admin/,
    );
    await setAdminBreakGlass(db, { admin: { id: ada }, on: true, actor: "bob@example.com", now: T0 });
    const adaSession = await signIn("ada@example.com");
    if (!adaSession.ok) throw new Error("sign-in failed");
    expect((await caught(setAdminBreakGlass(db, { admin: { id: ada }, on: false, actor: "ada@example.com", actingAdminId: ada, now: T0 }))).message).toMatch(
      /would sign you out/,
    );
    expect(await setAdminBreakGlass(db, { admin: { id: ada }, on: false, actor: "bob@example.com", now: T0 })).toMatchObject({ changed: true, sessionsEnded: 1 });
    expect(await resolveAdminSession(db, adaSession.sessionSecret, IDLE)).toEqual({ ok: false, reason: "sso-required" });
    expect((await selectRows(db, admins, "id = ?", ada))[0]?.breakGlass).toBe(false);
    expect((await entries("admin.break-glass-unmarked")).map((e) => e.toValue)).toEqual(["ada@example.com"]);
  });

  it("does not let the last break-glass admin be disabled while single sign-on is required", async () => {
    expect((await caught(setAdminDisabled(db, { admin: { id: bob }, disabled: true, actor: "ada@example.com", now: T0 }))).message).toMatch(
      /only enabled break-glass admin while single sign-on is required/,
    );
    expect(await db.row('SELECT disabled_at AS "d" FROM admins WHERE id = ?', bob)).toEqual({ d: null });
    // With a second break-glass admin, either may go.
    await setAdminBreakGlass(db, { admin: { id: ada }, on: true, actor: "bob@example.com", now: T0 });
    expect(await setAdminDisabled(db, { admin: { id: bob }, disabled: true, actor: "ada@example.com", now: T0 })).toMatchObject({ changed: true });
  });
});
