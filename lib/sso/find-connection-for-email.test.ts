import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { domains, plan, ssoConnection, users } from "@/db/schema";
import { insertPlanUser } from "@/lib/directory/insert-plan-user";
import { setPlan } from "@/lib/plan/set-plan";
import { eq } from "drizzle-orm";
import { describeSignIn } from "./complete-sso-sign-in";
import { findConnectionForEmail, ssoStartProblemOf } from "./find-connection-for-email";

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
  setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "setup");
  db.insert(domains).values({ id: "d1", name: "acme.example", verificationValue: "v", verifiedAt: 1, createdBy: "test" }).run();
  db.insert(domains).values({ id: "d2", name: "pending.example", verificationValue: "v", createdBy: "test" }).run();
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
  db.insert(ssoConnection).values({ id: 1, protocol: "saml", enabled, idpName: "Okta", updatedBy: "test" }).onConflictDoUpdate({ target: ssoConnection.id, set: { enabled } }).run();

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
    db.update(users).set({ status: "deactivated" }).where(eq(users.id, user.id)).run();
    expect(describeSignIn(db, "grace@acme.example")).toBe("Refused: grace@acme.example is deactivated");
    expect(describeSignIn(db, "new@acme.example")).toMatch(/^Refused: .*UAP\) is off/);
    db.update(plan).set({ uapEnabled: true }).run();
    expect(describeSignIn(db, "new@acme.example")).toMatch(/^Adds new@acme.example as a Contributor/);
    expect(describeSignIn(db, "x@elsewhere.example")).toMatch(/not on a validated domain/);
    expect(db.select().from(users).all()).toHaveLength(1);
  });
});
