import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openTestDatabase, type Db } from "@/db/client";
import { users } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { insertPlanUser } from "@/lib/directory/insert-plan-user";
import { setPlan } from "@/lib/plan/set-plan";
import { describeSignIn } from "./complete-sso-sign-in";
import { findConnectionForEmail, ssoStartProblemOf } from "./find-connection-for-email";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
  await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
  await db.execute("INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES ('d1', 'acme.example', 'v', 1, 'test')");
  await db.execute("INSERT INTO domains (id, name, verification_value, created_by) VALUES ('d2', 'pending.example', 'v', 'test')");
});
afterEach(() => closeDatabase(db));

const problem = async (email: string) => {
  try {
    await findConnectionForEmail(db, email);
    return "found";
  } catch (error) {
    return ssoStartProblemOf(error) ?? String(error);
  }
};

const connect = async (enabled: boolean) =>
  db.execute(
    "INSERT INTO sso_connection (id, protocol, enabled, idp_name, updated_by) VALUES (1, 'saml', ?, 'Okta', 'test') ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled",
    enabled ? 1 : 0,
  );

describe("findConnectionForEmail", () => {
  it("says which ?sso= code the sign-in page shows", async () => {
    expect(await problem("not an email")).toBe("invalid-email");
    expect(await problem("ada@acme.example")).toBe("off"); // no connection yet
    await connect(false);
    expect(await problem("ada@acme.example")).toBe("off");
    await connect(true);
    expect(await problem(" Ada@Acme.example ")).toBe("found");
    expect(await problem("ada@pending.example")).toBe("no-connection"); // added, not validated
    expect(await problem("ada@sub.acme.example")).toBe("no-connection"); // subdomains are validated on their own
    expect(await problem("ada@elsewhere.example")).toBe("no-connection");
  });
});

describe("describeSignIn (a Test sign-in's 'would sign in')", () => {
  it("says what a real sign-in would do, without doing it", async () => {
    const user = await insertPlanUser(db, { email: "grace@acme.example", seatType: "Member", seatSetBy: "default", source: "scim", now: 1 });
    expect(await describeSignIn(db, "grace@acme.example")).toBe("Signs in grace@acme.example (Member): their first sign-in");
    await db.execute("UPDATE users SET status = 'deactivated' WHERE id = ?", user.id);
    expect(await describeSignIn(db, "grace@acme.example")).toBe("Refused: grace@acme.example is deactivated");
    expect(await describeSignIn(db, "new@acme.example")).toMatch(/^Refused: .*UAP\) is off/);
    await db.execute("UPDATE plan SET uap_enabled = 1");
    expect(await describeSignIn(db, "new@acme.example")).toMatch(/^Adds new@acme.example as a Contributor/);
    expect(await describeSignIn(db, "x@elsewhere.example")).toMatch(/not on a validated domain/);
    expect(await selectRows(db, users)).toHaveLength(1);
  });
});
