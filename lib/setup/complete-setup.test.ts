import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { countAdmins } from "@/lib/admins/count-admins";
import { createAdmin } from "@/lib/admins/create-admin";
import { AppError } from "@/lib/errors";
import { completeSetup } from "./complete-setup";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
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

const errorOf = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
};

describe("completeSetup", () => {
  it("creates the first admin and the plan together", async () => {
    const result = await completeSetup(db, input, CHEAP);
    expect(result.admin).toMatchObject({ email: "ada@acme.example", name: "Ada Lovelace" });
    expect(result.plan).toMatchObject({ id: 1, name: "Acme Corp", primaryEmail: "it@acme.example" });
    expect(await countAdmins(db)).toBe(1);
    expect(await db.rows("SELECT id FROM plan")).toHaveLength(1);
  });

  it("is refused once an admin exists, and changes nothing", async () => {
    await completeSetup(db, input, CHEAP);
    const error = await errorOf(completeSetup(db, { ...input, email: "mallory@evil.example", planName: "Evil" }, CHEAP));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/already complete/);
    expect(await db.rows('SELECT email AS "email" FROM admins')).toEqual([{ email: "ada@acme.example" }]);
    expect(await db.rows('SELECT name AS "name" FROM plan')).toEqual([{ name: "Acme Corp" }]);
  });

  it("is refused when an admin was created from the CLI first", async () => {
    await createAdmin(db, { email: "ops@acme.example", password: "correct horse battery" }, "cli", CHEAP);
    expect((await errorOf(completeSetup(db, input, CHEAP))).code).toBe("conflict");
    expect(await db.rows("SELECT id FROM plan")).toHaveLength(0);
  });

  it("rolls the admin back when the plan cannot be written", async () => {
    if (db.engine === "sqlite") await db.execute("CREATE TRIGGER refuse_plan BEFORE INSERT ON plan BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    else {
      await db.execute("CREATE FUNCTION refuse_plan() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$");
      await db.execute("CREATE TRIGGER refuse_plan BEFORE INSERT ON plan FOR EACH ROW EXECUTE FUNCTION refuse_plan()");
    }
    await expect(completeSetup(db, input, CHEAP)).rejects.toThrow(/disk full/);
    expect(await countAdmins(db)).toBe(0);
  });

  it("names every bad field and writes nothing", async () => {
    const error = await errorOf(completeSetup(db, { ...input, password: "short", primaryEmail: "nope", planName: " " }, CHEAP));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/at least 12 characters/);
    expect(error.message).toMatch(/primary email/);
    expect(error.message).toMatch(/plan name/);
    expect(await countAdmins(db)).toBe(0);
  });
});
