/**
 * Adoption's rules beyond the IdP sequences (adoption-fixtures.test.ts): a deactivated person,
 * repeats of a waiting request, the alert, and an approval that no longer fits.
 */
import { describe, expect, it } from "vitest";
import { activity, adoptionRequests, alerts, users } from "@/db/schema";
import { deactivateUserByAdmin } from "@/lib/directory/deactivate-user-by-admin";
import { refuseAdoptions } from "@/lib/directory/refuse-adoption";
import { signInPlanUser } from "@/lib/directory/sign-in-plan-user";
import { updateSettings } from "@/lib/settings/update-settings";
import { findUserByEmail } from "@/lib/users/user-queries";
import { createScimTestEnv, selectRow, selectRows, TEST_ADMIN, userBody, type ScimTestEnv } from "../test-support";
import { approveAdoptions } from "./approve-adoption";

async function withUapPerson(email = "ada@example.com") {
  const scim = await createScimTestEnv();
  await updateSettings(scim.db, { uapEnabled: true }, TEST_ADMIN);
  const signedIn = await signInPlanUser(scim.db, { email, method: "saml", now: Date.now() });
  if (!signedIn.ok) throw new Error(signedIn.message);
  return { scim, person: signedIn.user };
}

const openAlerts = async (scim: ScimTestEnv) =>
  selectRows(scim.db, alerts, "key = 'adoption.waiting' AND cleared_at IS NULL");

describe("adoption", () => {
  it("a PUT to a linked person reads their emails index instead of assuming it follows their resource", async () => {
    const { scim, person } = await withUapPerson();
    const found = async (email: string) => (await scim.call("GET", `/Users?filter=${encodeURIComponent(`emails.value eq "${email}"`)}`)).json.totalResults;
    const noop = await scim.call("PATCH", `/Users/${person.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "userName", value: "ada@example.com" }],
    });
    expect(noop.status).toBe(200);
    expect(await findUserByEmail(scim.db, "ada@example.com")).toMatchObject({ source: "scim" });
    // Their entries were written at sign-in (insert-plan-user.ts, by another normalisation), not from
    // the resource: model entries the resource does not describe.
    await scim.db.execute("UPDATE user_emails SET value_norm = 'old@example.com' WHERE user_id = ?", person.id);
    expect((await scim.call("PUT", `/Users/${person.id}`, userBody("ada@example.com"))).status).toBe(200);
    expect([await found("ada@example.com"), await found("old@example.com")]).toEqual([1, 0]);
  });

  it("links a deactivated person without reactivating them: the IdP's active:true is only a reactivation request", async () => {
    const { scim, person } = await withUapPerson();
    await deactivateUserByAdmin(scim.db, person.id, TEST_ADMIN, Date.now());
    const created = await scim.call("POST", "/Users", userBody("ada@example.com", { externalId: "x1", active: true }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: person.id, active: false });
    expect(await findUserByEmail(scim.db, "ada@example.com")).toMatchObject({ source: "scim", status: "deactivated", externalId: "x1" });
    expect((await findUserByEmail(scim.db, "ada@example.com"))?.reactivationRequestedAt).not.toBeNull();
  });

  it("says in the history who linked them, how they had joined, and that they keep everything", async () => {
    const { scim, person } = await withUapPerson();
    expect((await scim.call("PUT", `/Users/${person.id}`, userBody("ada@example.com", { externalId: "x1" }))).status).toBe(200);
    const linked = await selectRow(scim.db, activity, "user_id = ? AND action = 'user.linked'", person.id);
    expect(linked).toMatchObject({ kind: "user", actor: "SCIM token 'Okta'", fromValue: "UAP", toValue: "SCIM" });
    expect(linked?.reason).toMatch(
      /^Linked to the identity provider \(SCIM token 'Okta', adoption automatic\): ada@example.com was added by user auto-provisioning \(UAP\) on \d+ \w+ \d{4} and keeps their history, sessions and items$/,
    );
    expect((await selectRow(scim.db, users))?.scimLinkedAt).not.toBeNull();
  });

  it("admin approval: repeats update the one open request with what the IdP sent last; one alert, cleared once decided", async () => {
    const { scim, person } = await withUapPerson();
    await updateSettings(scim.db, { adoptionPolicy: "admin-approval" }, TEST_ADMIN);
    expect((await scim.call("POST", "/Users", userBody("ada@example.com", { externalId: "first", password: "s3cret!" }))).status).toBe(409);
    expect((await scim.call("PATCH", `/Users/${person.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "externalId", value: "second" }] })).status).toBe(409);
    const rows = await selectRows(scim.db, adoptionRequests);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: person.id, externalId: "second", decision: null, actor: "SCIM token 'Okta'" });
    expect(JSON.stringify(rows[0]!.resource)).not.toContain("s3cret");
    expect(await openAlerts(scim)).toHaveLength(1);
    expect(await findUserByEmail(scim.db, "ada@example.com")).toMatchObject({ source: "uap", externalId: null });
    await refuseAdoptions(scim.db, [person.id], TEST_ADMIN, Date.now());
    expect(await openAlerts(scim)).toHaveLength(0);
    // An admin may still approve what was refused: the stored request applies then.
    expect(await approveAdoptions(scim.db, ["ada@example.com"], TEST_ADMIN, Date.now())).toEqual(["ada@example.com"]);
    expect(await findUserByEmail(scim.db, "ada@example.com")).toMatchObject({ source: "scim", externalId: "second" });
  });

  it("refuses an approval whose stored request no longer fits, and changes nothing", async () => {
    const { scim, person } = await withUapPerson();
    await updateSettings(scim.db, { adoptionPolicy: "admin-approval" }, TEST_ADMIN);
    expect((await scim.call("PUT", `/Users/${person.id}`, userBody("ada.new@example.com", { externalId: "x1" }))).status).toBe(409);
    expect((await scim.call("POST", "/Users", userBody("ada.new@example.com"))).status).toBe(201); // someone else took that userName since
    await expect(approveAdoptions(scim.db, [person.id], TEST_ADMIN, Date.now())).rejects.toThrow(
      /^ada@example.com cannot be linked with what the identity provider sent: userName 'ada.new@example.com' is already taken/,
    );
    expect(await findUserByEmail(scim.db, "ada@example.com")).toMatchObject({ source: "uap", scimLinkedAt: null });
    expect(await selectRow(scim.db, adoptionRequests)).toMatchObject({ decision: null });
  });

  it("a DELETE passes the adoption rules like any write: refused, kept for approval (then applied), or linked and deactivated", async () => {
    const statusOf = async (scim: ScimTestEnv) => findUserByEmail(scim.db, "ada@example.com");

    const refused = await withUapPerson();
    await updateSettings(refused.scim.db, { adoptionPolicy: "refuse" }, TEST_ADMIN);
    const no = await refused.scim.call("DELETE", `/Users/${refused.person.id}`);
    expect(no.status).toBe(409);
    expect(no.json.detail).toMatch(/adoption setting is 'refuse'/);
    expect(await statusOf(refused.scim)).toMatchObject({ source: "uap", status: "active" });

    const waiting = await withUapPerson();
    await updateSettings(waiting.scim.db, { adoptionPolicy: "admin-approval" }, TEST_ADMIN);
    expect((await waiting.scim.call("DELETE", `/Users/${waiting.person.id}`)).status).toBe(409);
    expect(await statusOf(waiting.scim)).toMatchObject({ source: "uap", status: "active" });
    expect(await selectRows(waiting.scim.db, adoptionRequests)).toHaveLength(1);
    // The request's log entry keeps the detail the IdP was given, though the route answered it rather than threw.
    const logged = await selectRow(waiting.scim.db, activity, "kind = 'scim' AND method = 'DELETE'");
    expect(logged).toMatchObject({ status: 409, userId: waiting.person.id });
    expect(logged?.reason).toMatch(/waits for a System Admin's approval/);
    expect(await approveAdoptions(waiting.scim.db, ["ada@example.com"], TEST_ADMIN, Date.now())).toEqual(["ada@example.com"]);
    expect(await statusOf(waiting.scim)).toMatchObject({ source: "scim", status: "deactivated" });
    // The IdP's retry now meets a linked user.
    expect((await waiting.scim.call("DELETE", `/Users/${waiting.person.id}`)).status).toBe(204);

    const automatic = await withUapPerson();
    expect((await automatic.scim.call("DELETE", `/Users/${automatic.person.id}`)).status).toBe(204);
    expect(await statusOf(automatic.scim)).toMatchObject({ source: "scim", status: "deactivated" });
    expect((await automatic.scim.call("GET", `/Users/${automatic.person.id}`)).status).toBe(404);
  });

  it("leaves the IdP's own users alone: a create for a userName the IdP already holds is the usual 409", async () => {
    const scim = await createScimTestEnv();
    expect((await scim.call("POST", "/Users", userBody("kim@example.com"))).status).toBe(201);
    const again = await scim.call("POST", "/Users", userBody("kim@example.com"));
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(/^userName 'kim@example.com' is already taken/);
    expect(await selectRows(scim.db, adoptionRequests)).toEqual([]);
  });
});
