/**
 * `adoption set|list|approve|refuse` (issue 14 §2) through the real CLI program, on a database
 * where a UAP user exists and the IdP's requests arrive over the SCIM service.
 */
import { describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { signInPlanUser } from "@/lib/directory/sign-in-plan-user";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { updateSettings } from "@/lib/settings/update-settings";
import { findUserByEmail } from "@/lib/users/user-queries";
import { cliHarness } from "../cli-test-support";

async function planWithUapPeople() {
  const harness = cliHarness();
  await harness.json("plan", "show"); // creates and migrates the file
  const db = await openDatabase(harness.databasePath, { migrate: true });
  const scim = await createScimTestEnv({ db });
  await updateSettings(db, { uapEnabled: true }, "test");
  for (const email of ["ada@example.com", "ben@example.com"]) {
    const signedIn = await signInPlanUser(db, { email, method: "saml", now: Date.now() });
    if (!signedIn.ok) throw new Error(signedIn.message);
  }
  return { ...harness, db, scim };
}

describe("adoption", () => {
  it("sets the policy; a wrong word is a usage error naming the choices", async () => {
    const { json, text, fails } = cliHarness();
    await json("plan", "set", "--name", "Acme", "--primary-email", "it@acme.example");
    expect(await json("adoption", "set", "admin-approval")).toEqual({ adoptionPolicy: "admin-approval" });
    expect(await text("adoption", "set", "refuse")).toMatch(/^Adoption is refuse: the identity provider may not create or change people it did not provision/);
    expect(await json("settings", "show")).toMatchObject({ adoptionPolicy: "refuse" });
    await fails(/Allowed choices are automatic, admin-approval, refuse/, "adoption", "set", "sometimes");
  });

  it("lists waiting links, approves one (the IdP's retry then succeeds) and refuses the other", async () => {
    const { json, text, failsJson, db, scim } = await planWithUapPeople();
    await json("adoption", "set", "admin-approval");
    const ada = (await findUserByEmail(db, "ada@example.com"))!;
    const put = await scim.call("PUT", `/Users/${ada.id}`, userBody("ada@example.com", { externalId: "00uada", displayName: "Ada Lovelace" }));
    expect(put.status).toBe(409);
    expect((await scim.call("POST", "/Users", userBody("ben@example.com", { externalId: "00uben" }))).status).toBe(409);

    const listed = await json<{ policy: string; pending: { email: string; requested: { externalId: string } }[] }>("adoption", "list");
    expect(listed.policy).toBe("admin-approval");
    expect(listed.pending.map((p) => [p.email, p.requested.externalId])).toEqual([
      ["ada@example.com", "00uada"],
      ["ben@example.com", "00uben"],
    ]);
    expect(await text("adoption", "list")).toMatch(/2 waiting for approval:\nperson +source +IdP userName/);

    expect(await json("adoption", "approve", "ada@example.com")).toEqual({ approved: ["ada@example.com"] });
    expect(await findUserByEmail(db, "ada@example.com")).toMatchObject({ id: ada.id, source: "scim", externalId: "00uada", displayName: "Ada Lovelace" });
    expect((await scim.call("PUT", `/Users/${ada.id}`, userBody("ada@example.com", { externalId: "00uada" }))).status).toBe(200);

    expect(await text("adoption", "refuse", "ben@example.com")).toMatch(/^Refused: ben@example.com stays unlinked/);
    const retry = await scim.call("POST", "/Users", userBody("ben@example.com", { externalId: "00uben" }));
    expect(retry.status).toBe(409);
    expect(retry.json.detail).toContain("refused on");
    expect((await findUserByEmail(db, "ben@example.com"))?.source).toBe("uap");

    const after = await json<{ pending: unknown[]; decided: { email: string; decision: string; decidedBy: string }[] }>("adoption", "list");
    expect(after.pending).toEqual([]);
    expect(after.decided.map((d) => [d.email, d.decision, d.decidedBy]).sort()).toEqual([
      ["ada@example.com", "approved", "operator (CLI)"],
      ["ben@example.com", "refused", "operator (CLI)"],
    ]);
    // Nothing waits now: nothing to approve or refuse, with the reason.
    await failsJson("not_found", /ada@example.com has no request waiting or refused to be linked.*already linked/, "adoption", "approve", "ada@example.com");
    await failsJson("not_found", /No user with email, userName or id 'nobody@example.com'/, "adoption", "refuse", "nobody@example.com");
    await closeDatabase(db);
  });
});
