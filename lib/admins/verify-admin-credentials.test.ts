import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { activity, admins, signInThrottle } from "@/db/schema";
import { createAdmin } from "./create-admin";
import {
  FAILURE_WINDOW_MS,
  LOCK_MS,
  MAX_FAILURES,
  verifyAdminCredentials,
} from "./verify-admin-credentials";

const EMAIL = "ada@example.com";
const PASSWORD = "correct horse battery";
const T0 = Date.UTC(2025, 0, 1, 9, 0, 0);

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
  // A cheap cost: what is under test is the throttle, and the hash records its own cost.
  createAdmin(db, { email: EMAIL, password: PASSWORD, name: "Ada" }, "cli", { passwordCost: { N: 2 ** 4, r: 8, p: 1 } });
});

const fail = (now: number, email = EMAIL) => verifyAdminCredentials(db, email, "wrong password!!", now);

describe("verifyAdminCredentials", () => {
  it("accepts the right password case-insensitively on the email and records the sign-in", async () => {
    const result = await verifyAdminCredentials(db, "ADA@example.com", PASSWORD, T0);
    expect(result).toEqual({
      ok: true,
      admin: expect.objectContaining({ email: EMAIL, name: "Ada", lastSignInAt: T0 }),
    });
    expect(result.ok && "passwordHash" in result.admin).toBe(false);
    expect(db.select().from(admins).get()?.lastSignInAt).toBe(T0);
    const log = db.select().from(activity).where(eq(activity.action, "sign-in")).all();
    expect(log).toEqual([expect.objectContaining({ kind: "auth", actor: EMAIL, at: T0 })]);
  });

  it("answers a wrong password and an unknown email alike, and logs both without the password", async () => {
    expect(await fail(T0)).toEqual({ ok: false, reason: "invalid" });
    expect(await fail(T0, "nobody@example.com")).toEqual({ ok: false, reason: "invalid" });
    const failures = db.select().from(activity).where(eq(activity.action, "sign-in.failed")).all();
    expect(failures.map((f) => f.actor)).toEqual([EMAIL, "nobody@example.com"]);
    expect(JSON.stringify(db.select().from(activity).all())).not.toContain("wrong password!!");
  });

  it(`locks the email for ${LOCK_MS / 60_000} minutes after ${MAX_FAILURES} failures, even for the right password`, async () => {
    for (let i = 1; i < MAX_FAILURES; i++) expect(await fail(T0 + i * 1000)).toEqual({ ok: false, reason: "invalid" });
    const fifth = await fail(T0 + MAX_FAILURES * 1000);
    expect(fifth).toEqual({ ok: false, reason: "locked", retryAfterSeconds: LOCK_MS / 1000 });

    const tenMinutesLater = T0 + MAX_FAILURES * 1000 + 10 * 60_000;
    expect(await verifyAdminCredentials(db, EMAIL, PASSWORD, tenMinutesLater)).toEqual({
      ok: false,
      reason: "locked",
      retryAfterSeconds: 5 * 60,
    });
    expect(db.select().from(activity).where(eq(activity.action, "sign-in.locked")).all()).toHaveLength(1);

    const afterLock = T0 + MAX_FAILURES * 1000 + LOCK_MS;
    expect((await verifyAdminCredentials(db, EMAIL, PASSWORD, afterLock)).ok).toBe(true);
    // Success forgives the earlier failures.
    expect(db.select().from(signInThrottle).all()).toHaveLength(0);
  });

  it("throttles unknown emails the same way, so locking does not reveal which emails exist", async () => {
    let last;
    for (let i = 0; i < MAX_FAILURES; i++) last = await fail(T0 + i, "nobody@example.com");
    expect(last).toEqual({ ok: false, reason: "locked", retryAfterSeconds: LOCK_MS / 1000 });
    // Another email is not affected.
    expect((await verifyAdminCredentials(db, EMAIL, PASSWORD, T0 + 10)).ok).toBe(true);
  });

  it("forgets failures older than the window", async () => {
    for (let i = 0; i < MAX_FAILURES - 1; i++) await fail(T0 + i);
    expect(await fail(T0 + MAX_FAILURES + FAILURE_WINDOW_MS)).toEqual({ ok: false, reason: "invalid" });
    expect(db.select().from(signInThrottle).get()?.failures).toBe(1);
  });

  it("refuses empty input without touching the throttle", async () => {
    expect(await verifyAdminCredentials(db, "", PASSWORD, T0)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyAdminCredentials(db, EMAIL, "", T0)).toEqual({ ok: false, reason: "invalid" });
    expect(db.select().from(signInThrottle).all()).toHaveLength(0);
  });
});
