import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { users } from "@/db/schema";
import { selectRows } from "@/lib/testing/select-rows";
import { insertPlanUser } from "@/lib/directory/insert-plan-user";
import { setPlan } from "@/lib/plan/set-plan";
import { describeSignIn } from "./complete-sso-sign-in";
import { findConnectionForEmail, ssoStartProblemOf } from "./find-connection-for-email";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
  setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
  db.execute("INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES ('d1', 'acme.example', 'v', 1, 'test')");
  db.execute("INSERT INTO domains (id, name, verification_value, created_by) VALUES ('d2', 'pending.example', 'v', 'test')");
});
afterEach(() => db.$client.close());

const problem = (email: string) => {
  try {
    findConnectionForEmail(db, email);
    return "found";
  } catch (error) {
    return ssoStartProblemOf(error) ?? String(error);
  }
};

const connect = (enabled: boolean) =>
  db.execute(
    "INSERT INTO sso_connection (id, protocol, enabled, idp_name, updated_by) VALUES (1, 'saml', ?, 'Okta', 'test') ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled",
    enabled ? 1 : 0,
  );

describe("findConnectionForEmail", () => {
  it("says which ?sso= code the sign-in page shows", () => {
    expect(problem("not an email")).toBe("invalid-email");
    expect(problem("ada@acme.example")).toBe("off"); // no connection yet
    connect(false);
    expect(problem("ada@acme.example")).toBe("off");
    connect(true);
    expect(problem(" Ada@Acme.example ")).toBe("found");
    expect(problem("ada@pending.example")).toBe("no-connection"); // added, not validated
    expect(problem("ada@sub.acme.example")).toBe("no-connection"); // subdomains are validated on their own
    expect(problem("ada@elsewhere.example")).toBe("no-connection");
  });
});

describe("describeSignIn (a Test sign-in's 'would sign in')", () => {
  it("says what a real sign-in would do, without doing it", () => {
    const user = insertPlanUser(db, { email: "grace@acme.example", seatType: "Member", seatSetBy: "default", source: "scim", now: 1 });
    expect(describeSignIn(db, "grace@acme.example")).toBe("Signs in grace@acme.example (Member): their first sign-in");
    db.execute("UPDATE users SET status = 'deactivated' WHERE id = ?", user.id);
    expect(describeSignIn(db, "grace@acme.example")).toBe("Refused: grace@acme.example is deactivated");
    expect(describeSignIn(db, "new@acme.example")).toMatch(/^Refused: .*UAP\) is off/);
    db.execute("UPDATE plan SET uap_enabled = 1");
    expect(describeSignIn(db, "new@acme.example")).toMatch(/^Adds new@acme.example as a Contributor/);
    expect(describeSignIn(db, "x@elsewhere.example")).toMatch(/not on a validated domain/);
    expect(selectRows(db, users)).toHaveLength(1);
  });
});
