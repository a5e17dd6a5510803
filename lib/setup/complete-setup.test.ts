import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { countAdmins } from "@/lib/admins/count-admins";
import { createAdmin } from "@/lib/admins/create-admin";
import { AppError } from "@/lib/errors";
import { completeSetup } from "./complete-setup";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});

const input = {
  email: "ada@acme.example",
  password: "correct horse battery",
  name: "Ada Lovelace",
  planName: "Acme Corp",
  primaryEmail: "it@acme.example",
};

/** The password hash is not under test here: a cheap scrypt cost keeps each setup fast. */
const CHEAP = { passwordCost: { N: 2 ** 4, r: 8, p: 1 } };

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
};

describe("completeSetup", () => {
  it("creates the first admin and the plan together", () => {
    const result = completeSetup(db, input, CHEAP);
    expect(result.admin).toMatchObject({ email: "ada@acme.example", name: "Ada Lovelace" });
    expect(result.plan).toMatchObject({ id: 1, name: "Acme Corp", primaryEmail: "it@acme.example" });
    expect(countAdmins(db)).toBe(1);
    expect(db.rows("SELECT id FROM plan")).toHaveLength(1);
  });

  it("is refused once an admin exists, and changes nothing", () => {
    completeSetup(db, input, CHEAP);
    const error = errorOf(() => completeSetup(db, { ...input, email: "mallory@evil.example", planName: "Evil" }, CHEAP));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/already complete/);
    expect(db.rows('SELECT email AS "email" FROM admins')).toEqual([{ email: "ada@acme.example" }]);
    expect(db.rows('SELECT name AS "name" FROM plan')).toEqual([{ name: "Acme Corp" }]);
  });

  it("is refused when an admin was created from the CLI first", () => {
    createAdmin(db, { email: "ops@acme.example", password: "correct horse battery" }, "cli", CHEAP);
    expect(errorOf(() => completeSetup(db, input, CHEAP)).code).toBe("conflict");
    expect(db.rows("SELECT id FROM plan")).toHaveLength(0);
  });

  it("rolls the admin back when the plan cannot be written", () => {
    db.execute("CREATE TRIGGER refuse_plan BEFORE INSERT ON plan BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => completeSetup(db, input, CHEAP)).toThrow(/disk full/);
    expect(countAdmins(db)).toBe(0);
  });

  it("names every bad field and writes nothing", () => {
    const error = errorOf(() => completeSetup(db, { ...input, password: "short", primaryEmail: "nope", planName: " " }, CHEAP));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/at least 12 characters/);
    expect(error.message).toMatch(/primary email/);
    expect(error.message).toMatch(/plan name/);
    expect(countAdmins(db)).toBe(0);
  });
});
