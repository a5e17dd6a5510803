/**
 * Directory Integration end to end (issue 4): Okta-shaped SCIM traffic through the real
 * service, and the admin functions the CLI and Admin Center call, on a real database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { activity } from "@/db/schema";
import { DAY_MS } from "@/lib/seats";
import {
  createScimTestEnv,
  groupBody,
  patchBody,
  TEST_ADMIN,
  userBody,
  type ScimTestEnv,
} from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { updateSettings } from "@/lib/settings/update-settings";
import { addGuest } from "./add-guest";
import { listUsers } from "./list-users";
import { previewGroupMapping, setGroupMapping } from "./map-group-role";
import { processEndedReviews } from "./process-ended-reviews";
import { reactivateUser } from "./reactivate-user";
import { recordMemberOnlyAttempt } from "./record-member-only-attempt";
import { resolvePlanUserSession } from "@/lib/sessions/plan-user-sessions";
import { signInPlanUser } from "./sign-in-plan-user";
import { planSeatChange, setUserSeat } from "./set-user-seat";
import { previewReevaluation } from "./preview-reevaluation";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "./set-directory-integration";

const SEAT = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";
const role = (value: string, type = value) => ({ type, value });

async function createUser(scim: ScimTestEnv, userName: string, extra: Record<string, unknown> = {}) {
  const res = await scim.call("POST", "/Users", userBody(userName, extra));
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; [k: string]: any };
}

const seatOf = async (scim: ScimTestEnv, id: string) => (await findUserById(scim.db, id))!.seatType;

const activity$ = columnsOf(activity);

async function seatActivity(scim: ScimTestEnv, userId: string) {
  return (await scim.db.rows(`SELECT ${activity$.list} FROM activity WHERE user_id = ? AND kind = 'seat' ORDER BY id`, userId)).map(activity$.map);
}

describe("role-driven seats (docs/product.md §2)", () => {
  it("gives Member for a Member role and Contributor for none or a System Admin role", async () => {
    const scim = await createScimTestEnv();
    const member = await createUser(scim, "ada@example.com", { roles: [role("LICENSED_USER")] });
    expect(member[SEAT].seatType).toBe("Member");
    expect(member.roles).toEqual([{ type: "LICENSED_USER", value: "LICENSED_USER" }]);
    const plain = await createUser(scim, "bob@example.com");
    expect(plain[SEAT].seatType).toBe("Contributor");
    const admin = await createUser(scim, "cy@example.com", { roles: [role("SYSTEM_ADMIN")] });
    expect(admin[SEAT].seatType).toBe("Contributor");
    const viaExtension = await createUser(scim, "di@example.com", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", SEAT],
      [SEAT]: { smartsheetGroupAdmin: true },
    });
    expect(viaExtension[SEAT].seatType).toBe("Member");
    const reasons = (await seatActivity(scim, member.id)).map((a) => a.reason);
    expect(reasons[0]).toContain("LICENSED_USER");
  });

  it("lets the most privileged role win and treats an empty value as not granted", async () => {
    const scim = await createScimTestEnv();
    const both = await createUser(scim, "ada@example.com", {
      roles: [role("USER_ADMIN"), role("RESOURCE_VIEWER"), role("JIRA_USER")],
    });
    expect(both[SEAT].seatType).toBe("Member");
    // Okta's expression `isMemberOfGroupName('…') ? 'LICENSED_USER' : ''` sends "".
    const empty = await createUser(scim, "bob@example.com", { roles: [{ type: "LICENSED_USER", value: "" }] });
    expect(empty[SEAT].seatType).toBe("Contributor");
    expect(empty.roles).toEqual([{ type: "LICENSED_USER", value: "" }]);
    // Okta updates the entry it finds by type: Member now, and back on a removal.
    const granted = await scim.call(
      "PATCH",
      `/Users/${empty.id}`,
      patchBody({ op: "replace", path: 'roles[type eq "LICENSED_USER"].value', value: "LICENSED_USER" }),
    );
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
    expect(granted.json[SEAT].seatType).toBe("Member");
    const revoked = await scim.call("PATCH", `/Users/${empty.id}`, patchBody({ op: "remove", path: 'roles[type eq "LICENSED_USER"]' }));
    expect(revoked.json[SEAT].seatType).toBe("Contributor");
  });
});

describe("pushed groups mapped to a role", () => {
  it("follows membership add and remove, survives a rename and ends with the group's delete", async () => {
    const scim = await createScimTestEnv();
    const ada = await createUser(scim, "ada@example.com");
    const group = (await scim.call("POST", "/Groups", groupBody("Okta Licensed", [ada.id]))).json;
    expect(await seatOf(scim, ada.id)).toBe("Contributor");

    const preview = await previewGroupMapping(scim.db, "okta licensed", "LICENSED_USER", Date.now());
    expect(preview).toMatchObject({ upgrades: 1, downgrades: 0, unchanged: 0 });
    expect(await seatOf(scim, ada.id)).toBe("Contributor"); // a preview writes nothing

    await setGroupMapping(scim.db, "Okta Licensed", "LICENSED_USER", TEST_ADMIN, Date.now());
    expect(await seatOf(scim, ada.id)).toBe("Member");
    expect((await seatActivity(scim, ada.id)).at(-1)!.reason).toBe("Member: role LICENSED_USER from group 'Okta Licensed'");

    await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "remove", path: `members[value eq "${ada.id}"]` }));
    expect(await seatOf(scim, ada.id)).toBe("Contributor");
    await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: ada.id }] }));
    expect(await seatOf(scim, ada.id)).toBe("Member");

    const renamed = await scim.call(
      "PATCH",
      `/Groups/${group.id}`,
      patchBody({ op: "replace", value: { id: group.id, displayName: "Licensed (Okta)" } }),
    );
    expect(renamed.status).toBe(204);
    expect(await seatOf(scim, ada.id)).toBe("Member");
    const bob = await createUser(scim, "bob@example.com");
    await scim.call("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: bob.id }] }));
    expect((await seatActivity(scim, bob.id)).at(-1)!.reason).toBe("Member: role LICENSED_USER from group 'Licensed (Okta)'");

    expect((await scim.call("DELETE", `/Groups/${group.id}`)).status).toBe(204);
    expect(await seatOf(scim, ada.id)).toBe("Contributor");
    expect(await seatOf(scim, bob.id)).toBe("Contributor");
  });

  it("re-syncs members when a mapping is removed", async () => {
    const scim = await createScimTestEnv();
    const ada = await createUser(scim, "ada@example.com");
    await scim.call("POST", "/Groups", groupBody("Admins", [ada.id]));
    await setGroupMapping(scim.db, "Admins", "GROUP_ADMIN", TEST_ADMIN, Date.now());
    expect(await seatOf(scim, ada.id)).toBe("Member");
    const { changes } = await setGroupMapping(scim.db, "Admins", null, TEST_ADMIN, Date.now());
    expect(changes).toMatchObject([{ userId: ada.id, from: "Member", to: "Contributor" }]);
  });
});

describe("manual overrides, Guests and No Access", () => {
  it("warns before saving, then the next sync replaces the admin's change and says so", async () => {
    const scim = await createScimTestEnv();
    const ada = await createUser(scim, "ada@example.com", { roles: [role("LICENSED_USER")] });
    const plan = await planSeatChange(scim.db, "ada@example.com", "Contributor", Date.now());
    expect(plan).toMatchObject({ pendingOverride: true, diSeat: "Member" });
    expect(plan.warning).toContain("will replace Contributor with Member");
    await setUserSeat(scim.db, "ada@example.com", "Contributor", TEST_ADMIN, Date.now());
    expect(await findUserById(scim.db, ada.id)).toMatchObject({ seatType: "Contributor", pendingOverride: true });
    expect((await listUsers(scim.db, { pendingOverride: true })).users.map((u) => u.id)).toEqual([ada.id]);

    await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", path: "title", value: "Engineer" }));
    expect(await findUserById(scim.db, ada.id)).toMatchObject({ seatType: "Member", pendingOverride: false });
    expect((await seatActivity(scim, ada.id)).at(-1)!.action).toBe("seat.override_replaced");
  });

  it("never changes No Access or Guests, and refuses a Guest's email to the IdP", async () => {
    const scim = await createScimTestEnv();
    const ada = await createUser(scim, "ada@example.com");
    await setUserSeat(scim.db, ada.id, "No Access", TEST_ADMIN, Date.now());
    const put = await scim.call("PUT", `/Users/${ada.id}`, userBody("ada@example.com", { roles: [role("LICENSED_USER")] }));
    expect(put.json[SEAT].seatType).toBe("No Access");

    const guest = await addGuest(scim.db, "partner@outside.org", TEST_ADMIN, Date.now());
    expect(guest.seatType).toBe("Guest");
    await expect(addGuest(scim.db, "someone@example.com", TEST_ADMIN, Date.now())).rejects.toThrow(/validated domain/);
    const res = await scim.call("POST", "/Users", userBody("partner@outside.org"));
    expect(res.status).toBe(409);
    expect(res.json.detail).toContain("Guest");
    // Guests are invisible to the IdP.
    expect((await scim.call("GET", `/Users/${guest.id}`)).status).toBe(404);
  });

  it("refuses a transition the Admin Center cannot make, saying where it is made", async () => {
    const scim = await createScimTestEnv();
    await createUser(scim, "ada@example.com");
    await expect(setUserSeat(scim.db, "ada@example.com", "Provisional Member", TEST_ADMIN, Date.now())).rejects.toThrow(
      /System-triggered only/,
    );
  });
});

describe("deactivation and reactivation (docs/product.md §3)", () => {
  it("deactivates at once, ends sessions, records an IdP reactivation request and needs DI off to reactivate", async () => {
    const scim = await createScimTestEnv();
    const ada = await createUser(scim, "ada@example.com", { roles: [role("LICENSED_USER")] });
    const session = await signInPlanUser(scim.db, { email: "ada@example.com", method: "saml", now: Date.now() });
    if (!session.ok) throw new Error(session.message);
    expect((await resolvePlanUserSession(scim.db, session.sessionSecret, { now: Date.now(), idleTimeoutMs: 60_000 })).ok).toBe(true);

    const off = await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", value: { active: false } }));
    expect(off.json.active).toBe(false);
    expect(await resolvePlanUserSession(scim.db, session.sessionSecret, { now: Date.now(), idleTimeoutMs: 60_000 })).toEqual({ ok: false, reason: "deactivated" });
    expect(await signInPlanUser(scim.db, { email: "ada@example.com", method: "saml", now: Date.now() })).toMatchObject({ ok: false, reason: "deactivated" });

    const on = await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", value: { active: true } }));
    expect(on.status).toBe(200);
    expect(on.json.active).toBe(false); // SCIM answers the true state
    expect((await findUserById(scim.db, ada.id))!.reactivationRequestedAt).not.toBeNull();
    expect((await listUsers(scim.db, { reactivationRequested: true })).users.map((u) => u.id)).toEqual([ada.id]);

    await expect(reactivateUser(scim.db, "ada@example.com", TEST_ADMIN, Date.now())).rejects.toThrow(/Turn DI off/);
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    expect((await scim.call("GET", `/Users/${ada.id}`)).status).toBe(403);
    await reactivateUser(scim.db, "ada@example.com", TEST_ADMIN, Date.now());
    await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    const after = (await scim.call("GET", `/Users/${ada.id}`)).json;
    expect(after.active).toBe(true);
    expect(after[SEAT].seatType).toBe("Member");
  });

  it("keeps a DELETEd user deactivated in the Admin Center while SCIM answers 404", async () => {
    const scim = await createScimTestEnv();
    const ada = await createUser(scim, "ada@example.com");
    expect((await scim.call("DELETE", `/Users/${ada.id}`)).status).toBe(204);
    expect((await scim.call("GET", `/Users/${ada.id}`)).status).toBe(404);
    expect((await findUserById(scim.db, ada.id))!.status).toBe("deactivated");
    const again = await scim.call("POST", "/Users", userBody("ada@example.com"));
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain("reactivates");
  });
});

describe("Directory Integration on and off", () => {
  it("refuses to turn on with the unmet precondition named, previews, then re-evaluates", async () => {
    const scim = await createScimTestEnv({ directoryIntegration: false, domains: ["example.com"] });
    expect((await scim.call("GET", "/Users")).status).toBe(403);
    expect((await scim.call("GET", "/Users")).json.detail).toContain("Directory Integration is off");

    await scim.db.execute("UPDATE plan SET primary_email = ?", "owner@elsewhere.org");
    await expect(turnOnDirectoryIntegration(scim.db, TEST_ADMIN, Date.now())).rejects.toThrow(/primary email owner@elsewhere.org/);
    await scim.db.execute("UPDATE plan SET primary_email = ?", "owner@example.com");

    // Seats set by hand while DI was off; the IdP's roles say otherwise.
    const now = Date.now();
    await scim.db.execute(
      `INSERT INTO users (id, user_name, user_name_norm, direct_roles, seat_type, resource) VALUES
        ('u1', 'a@example.com', 'a@example.com', 'LICENSED_USER', 'Contributor', '{}'),
        ('u2', 'b@example.com', 'b@example.com', '', 'Member', '{}'),
        ('u3', 'c@example.com', 'c@example.com', '', 'Contributor', '{}')`,
    );
    const preview = await previewReevaluation(scim.db, now);
    expect(preview).toMatchObject({ upgrades: 1, downgrades: 1, unchanged: 1 });
    expect(preview.changes.map((c) => c.userName)).toEqual(["a@example.com", "b@example.com"]);
    expect((await findUserById(scim.db, "u1"))!.seatType).toBe("Contributor");

    const result = await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, now);
    expect(result).toMatchObject({ upgrades: 1, downgrades: 1, unchanged: 1 });
    expect((await findUserById(scim.db, "u1"))!.seatType).toBe("Member");
    expect((await findUserById(scim.db, "u2"))!.seatType).toBe("Contributor");
    expect((await scim.call("GET", "/Users")).status).toBe(200);
  });

  it("checks the primary email's domain on create", async () => {
    const scim = await createScimTestEnv();
    const res = await scim.call("POST", "/Users", userBody("eve@unvalidated.io"));
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe("invalidValue");
    expect(res.json.detail).toContain("unvalidated.io");
  });

  it("keeps users with no role and no group out of the main list until they sign in or join a group", async () => {
    const scim = await createScimTestEnv();
    await createUser(scim, "ada@example.com");
    const bob = await createUser(scim, "bob@example.com");
    await createUser(scim, "cy@example.com", { roles: [role("LICENSED_USER")] });
    const ids = async (pending: boolean) => (await listUsers(scim.db, { pending })).users.map((u) => u.userName).sort();
    expect(await ids(true)).toEqual(["ada@example.com", "bob@example.com"]);
    expect(await ids(false)).toEqual(["cy@example.com"]);
    await signInPlanUser(scim.db, { email: "ada@example.com", method: "saml", now: Date.now() });
    await scim.call("POST", "/Groups", groupBody("Everyone", [bob.id]));
    expect(await ids(true)).toEqual([]);
    expect(await ids(false)).toEqual(["ada@example.com", "bob@example.com", "cy@example.com"]);
  });
});

describe("review periods (docs/product.md §4)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it.each([
    ["admin-approval", "Contributor"],
    ["auto-upgrade", "Member"],
  ] as const)("applies the %s policy when the period ends, catching up after a restart", async (policy, expected) => {
    const dir = mkdtempSync(join(tmpdir(), "review-"));
    dirs.push(dir);
    const file = join(dir, "db.sqlite");
    const first = await openDatabase(file, { migrate: true });
    const scim = await createScimTestEnv({ db: first });
    await updateSettings(first, { provisionalPolicy: policy, reviewDays: 30 }, TEST_ADMIN);
    const ada = await createUser(scim, "ada@example.com");
    const start = Date.now();
    expect((await recordMemberOnlyAttempt(first, ada.id, "create a report", start)).becameProvisional).toBe(true);
    expect(await seatOf(scim, ada.id)).toBe("Provisional Member");
    // DI never downgrades a Provisional Member at a sync.
    await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", path: "title", value: "x" }));
    expect(await seatOf(scim, ada.id)).toBe("Provisional Member");
    expect((await processEndedReviews(first, start + 29 * DAY_MS)).processed).toBe(0);
    await closeDatabase(first);

    // The server was down when the period ended; the job catches up when it is back.
    const second = await openDatabase(file, { migrate: true });
    expect((await processEndedReviews(second, start + 45 * DAY_MS)).processed).toBe(1);
    expect(await findUserById(second, ada.id)).toMatchObject({ seatType: expected, reviewEndsAt: null });
    expect((await processEndedReviews(second, start + 46 * DAY_MS)).processed).toBe(0);
    await closeDatabase(second);
  });

  it("makes a Provisional Member a Member at the next sync when a Member role arrives", async () => {
    const scim = await createScimTestEnv();
    const ada = await createUser(scim, "ada@example.com");
    await recordMemberOnlyAttempt(scim.db, ada.id, "create a report", Date.now());
    const res = await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "add", path: "roles", value: [role("LICENSED_USER")] }));
    expect(res.json[SEAT].seatType).toBe("Member");
    expect((await findUserById(scim.db, ada.id))!.reviewEndsAt).toBeNull();
  });
});
