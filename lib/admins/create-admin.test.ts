import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { countAdmins } from "./count-admins";
import { createAdmin } from "./create-admin";
import { getAdmin } from "./get-admin";
import { verifyPassword } from "./password";

/** A cheap scrypt cost for admins whose hash the test does not look at (the default costs ~0.1–0.4 s). */
const CHEAP = { passwordCost: { N: 2 ** 4, r: 8, p: 1 } };

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const expectAppError = async (promise: Promise<unknown>, code: AppError["code"], message: RegExp) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error("expected an AppError");
};

describe("createAdmin", () => {
  it("stores a scrypt hash, not the password, and logs who created the admin", async () => {
    const admin = await createAdmin(db, { email: " Ada@Example.com ", password: "a long enough pw", name: "Ada" }, "operator");
    expect(admin).toMatchObject({ email: "Ada@Example.com", emailNorm: "ada@example.com", name: "Ada" });
    expect(admin.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(admin.passwordHash).not.toContain("a long enough pw");
    expect(await verifyPassword("a long enough pw", admin.passwordHash)).toBe(true);
    expect(await countAdmins(db)).toBe(1);
    const activity$ = columnsOf(activity);
    const log = (await db.rows(`SELECT ${activity$.list} FROM activity`)).map(activity$.map);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: "auth", action: "admin.created", actor: "operator", toValue: "Ada@Example.com" });
    expect(JSON.stringify(log)).not.toContain("a long enough pw");
  });

  it("hashes with the cost it is given, and verifies it from the stored hash alone", async () => {
    const admin = await createAdmin(db, { email: "ada@example.com", password: "a long enough pw" }, "cli", CHEAP);
    expect(admin.passwordHash).toMatch(/^scrypt\$16\$8\$1\$/);
    expect(await verifyPassword("a long enough pw", admin.passwordHash)).toBe(true);
  });

  it("defaults the name to the email's local part", async () => {
    expect((await createAdmin(db, { email: "grace@example.com", password: "a long enough pw" }, "cli", CHEAP)).name).toBe("grace");
  });

  it("refuses a second admin with the same email in any case", async () => {
    await createAdmin(db, { email: "ada@example.com", password: "a long enough pw" }, "cli", CHEAP);
    await expectAppError(
      createAdmin(db, { email: "ADA@example.COM", password: "another long pw" }, "cli", CHEAP),
      "conflict",
      /already exists/,
    );
    expect(await countAdmins(db)).toBe(1);
  });

  it("refuses a short password, naming the minimum", async () => {
    await expectAppError(
      createAdmin(db, { email: "ada@example.com", password: "short pw" }, "cli"),
      "invalid",
      /at least 12 characters/,
    );
    expect(await db.rows("SELECT id FROM admins")).toHaveLength(0);
  });

  it("refuses an email that is not one", async () => {
    await expectAppError(
      createAdmin(db, { email: "not-an-email", password: "a long enough pw" }, "cli"),
      "invalid",
      /email address/,
    );
  });

  it("is readable without its hash through getAdmin", async () => {
    const admin = await createAdmin(db, { email: "ada@example.com", password: "a long enough pw" }, "cli", CHEAP);
    const view = await getAdmin(db, admin.id);
    expect(view).toMatchObject({ id: admin.id, email: "ada@example.com" });
    expect(view).not.toHaveProperty("passwordHash");
    expect(await getAdmin(db, "missing")).toBeUndefined();
  });
});
