/**
 * Integration (issue 4): the DI, groups and users commands of the real CLI program, each
 * test on its own database file that Okta-shaped SCIM traffic writes through the real
 * service (a second connection, as the server's would be).
 */
import { describe, expect, it, onTestFinished } from "vitest";
import { closeDatabase, openDatabase, type Db } from "@/db/client";
import { createScimTestEnv, groupBody, patchBody, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { cliHarness } from "./cli-test-support";

/** The CLI on a fresh file, and the SCIM service on its own connection to that file. */
async function setup(): Promise<ReturnType<typeof cliHarness> & { db: Db; scim: ScimTestEnv }> {
  const harness = cliHarness();
  const db = await openDatabase(harness.databasePath, { migrate: true });
  onTestFinished(() => closeDatabase(db));
  return { ...harness, db, scim: await createScimTestEnv({ db }) };
}

const SEAT = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";

describe("DI commands", () => {
  it("maps a pushed group, overrides by hand, refuses what the Admin Center cannot do, and lists", async () => {
    const { db, scim, json, text, fails } = await setup();
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json;
    const bob = (await scim.call("POST", "/Users", userBody("bob@example.com"))).json;
    await scim.call("POST", "/Groups", groupBody("Okta Licensed", [ada.id]));

    const mapped = await json<{ role: string; changes: { userName: string; to: string }[] }>(
      "groups", "map", "okta licensed", "licensed_user",
    );
    expect(mapped.role).toBe("LICENSED_USER");
    expect(mapped.changes).toMatchObject([{ userName: "ada@example.com", to: "Member" }]);
    expect((await findUserById(db, ada.id))!.seatType).toBe("Member");

    const override = await json<{ pendingOverride: boolean; diSeat: string; warning: string }>(
      "users", "set-seat", "ada@example.com", "Contributor",
    );
    expect(override).toMatchObject({ pendingOverride: true, diSeat: "Member" });
    await scim.call("PATCH", `/Groups/${((await scim.call("GET", '/Groups?filter=displayName eq "Okta Licensed"')).json.Resources[0].id)}`,
      patchBody({ op: "add", path: "members", value: [{ value: bob.id }] }));
    // Bob's membership change syncs Bob only; Ada's override waits for her next sync.
    expect((await findUserById(db, ada.id))!.seatType).toBe("Contributor");
    expect((await scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", path: "title", value: "CTO" }))).json[SEAT].seatType).toBe("Member");

    await fails(/\(Not possible\): Member → Provisional Member is not possible/, "users", "set-seat", "bob@example.com", "Provisional Member");
    await fails(/Unknown seat 'Owner'/, "users", "set-seat", "bob@example.com", "Owner");
    await fails(/Unknown role 'OWNER'/, "groups", "map", "Okta Licensed", "OWNER");
    await fails(/No group named 'Sales'/, "groups", "map", "Sales", "LICENSED_USER");
    await fails(/^error: carol@example.com is on the validated domain example.com: Guests are external users/, "users", "add-guest", "carol@example.com");
    const guest = await json<{ seatType: string }>("users", "add-guest", "partner@outside.org");
    expect(guest.seatType).toBe("Guest");

    const members = await json<{ total: number; users: { userName: string }[] }>("users", "list", "--seat", "Member");
    expect(members.users.map((u) => u.userName).sort()).toEqual(["ada@example.com", "bob@example.com"]);
    expect(await text("users", "list", "--seat", "Guest")).toContain("partner@outside.org");

    const unmapped = await json<{ changes: unknown[] }>("groups", "unmap", "Okta Licensed");
    expect(unmapped.changes).toHaveLength(2);
  });

  it("runs the reactivation sequence and the DI switch with its preview", async () => {
    const { scim, json, text, fails } = await setup();
    const cy = (await scim.call("POST", "/Users", userBody("cy@example.com", { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] }))).json;
    await scim.call("PATCH", `/Users/${cy.id}`, patchBody({ op: "replace", value: { active: false } }));
    await scim.call("PATCH", `/Users/${cy.id}`, patchBody({ op: "replace", value: { active: true } }));

    await fails(/Reactivation is refused while Directory Integration is on/, "users", "reactivate", "cy@example.com");
    await fails(/Directory Integration is already on/, "di", "on");
    expect((await json<{ diEnabled: boolean }>("di", "off")).diEnabled).toBe(false);
    expect((await scim.call("GET", "/Users")).status).toBe(403);
    await fails(/Directory Integration is off/, "users", "reevaluate");

    const reactivated = await json<{ status: string }>("users", "reactivate", "cy@example.com");
    expect(reactivated.status).toBe("active");
    // A hand change while DI is off, so turning DI on has something to change.
    expect(await text("users", "set-seat", "cy@example.com", "Contributor")).toBe("cy@example.com: Member → Contributor.\n");
    const upgrade = { userName: "cy@example.com", from: "Contributor", to: "Member" };
    const preview = await json("di", "preview");
    expect(preview).toMatchObject({ upgrades: 1, downgrades: 0, unchanged: 0, changes: [upgrade] });
    expect(await json("di", "on")).toMatchObject({ diEnabled: true, upgrades: 1, downgrades: 0, unchanged: 0, changes: [upgrade] });
    expect((await scim.call("GET", `/Users/${cy.id}`)).json).toMatchObject({ active: true, [SEAT]: { seatType: "Member" } });
    expect(await text("users", "reevaluate")).toBe("Re-evaluated: 0 up, 0 down, 1 unchanged\n");
  });

  it("lists users not signed in yet only with --pending", async () => {
    const { scim, json } = await setup();
    await scim.call("POST", "/Users", userBody("dee@example.com"));
    const pending = await json<{ users: { userName: string }[] }>("users", "list", "--pending");
    expect(pending.users.map((u) => u.userName)).toEqual(["dee@example.com"]);
    const main = await json<{ total: number; users: { userName: string }[] }>("users", "list");
    expect(main).toMatchObject({ total: 0, users: [] });
  });
});
