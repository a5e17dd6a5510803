/**
 * Integration (issue 4): the DI, groups and users commands of the real CLI against a
 * database that Okta-shaped SCIM traffic writes through the real service.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { createScimTestEnv, groupBody, patchBody, userBody, type ScimTestEnv } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { createCliRunner, SLOW } from "./cli-test-support";

let dir: string;
let dbPath: string;
let db: Db;
let scim: ScimTestEnv;

const { json, text, fails } = createCliRunner(() => ({ DATABASE_PATH: dbPath }));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "admin-di-cli-"));
  dbPath = join(dir, "admin-center.db");
  db = openDatabase(dbPath, { migrate: true });
  scim = createScimTestEnv({ db });
});

afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const SEAT = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";

describe("DI commands", () => {
  it("maps a pushed group, overrides by hand, refuses what the Admin Center cannot do, and lists", async () => {
    const ada = scim.call("POST", "/Users", userBody("ada@example.com")).json;
    const bob = scim.call("POST", "/Users", userBody("bob@example.com")).json;
    scim.call("POST", "/Groups", groupBody("Okta Licensed", [ada.id]));

    const mapped = await json<{ role: string; changes: { userName: string; to: string }[] }>(
      "groups", "map", "okta licensed", "licensed_user",
    );
    expect(mapped.role).toBe("LICENSED_USER");
    expect(mapped.changes).toMatchObject([{ userName: "ada@example.com", to: "Member" }]);
    expect(findUserById(db, ada.id)!.seatType).toBe("Member");

    const override = await json<{ pendingOverride: boolean; diSeat: string; warning: string }>(
      "users", "set-seat", "ada@example.com", "Contributor",
    );
    expect(override).toMatchObject({ pendingOverride: true, diSeat: "Member" });
    scim.call("PATCH", `/Groups/${(scim.call("GET", '/Groups?filter=displayName eq "Okta Licensed"').json.Resources[0].id)}`,
      patchBody({ op: "add", path: "members", value: [{ value: bob.id }] }));
    // Bob's membership change syncs Bob only; Ada's override waits for her next sync.
    expect(findUserById(db, ada.id)!.seatType).toBe("Contributor");
    expect(scim.call("PATCH", `/Users/${ada.id}`, patchBody({ op: "replace", path: "title", value: "CTO" })).json[SEAT].seatType).toBe("Member");

    await Promise.all([
      fails(/\(Not possible\): Member → Provisional Member is not possible/, "users", "set-seat", "bob@example.com", "Provisional Member"),
      fails(/Unknown seat 'Owner'/, "users", "set-seat", "bob@example.com", "Owner"),
      fails(/Unknown role 'OWNER'/, "groups", "map", "Okta Licensed", "OWNER"),
      fails(/No group named 'Sales'/, "groups", "map", "Sales", "LICENSED_USER"),
      fails(/already a user|validated domain/, "users", "add-guest", "carol@example.com"),
    ]);
    const guest = await json<{ seatType: string }>("users", "add-guest", "partner@outside.org");
    expect(guest.seatType).toBe("Guest");

    const members = await json<{ total: number; users: { userName: string }[] }>("users", "list", "--seat", "Member");
    expect(members.users.map((u) => u.userName).sort()).toEqual(["ada@example.com", "bob@example.com"]);
    expect(await text("users", "list", "--seat", "Guest")).toContain("partner@outside.org");

    const unmapped = await json<{ changes: unknown[] }>("groups", "unmap", "Okta Licensed");
    expect(unmapped.changes).toHaveLength(2);
  }, SLOW);

  it("runs the reactivation sequence and the DI switch with its preview", async () => {
    const cy = scim.call("POST", "/Users", userBody("cy@example.com", { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] })).json;
    scim.call("PATCH", `/Users/${cy.id}`, patchBody({ op: "replace", value: { active: false } }));
    scim.call("PATCH", `/Users/${cy.id}`, patchBody({ op: "replace", value: { active: true } }));

    await fails(/Reactivation is refused while Directory Integration is on/, "users", "reactivate", "cy@example.com");
    await fails(/Directory Integration is already on/, "di", "on");
    expect((await json<{ diEnabled: boolean }>("di", "off")).diEnabled).toBe(false);
    expect(scim.call("GET", "/Users").status).toBe(403);
    await fails(/Directory Integration is off/, "users", "reevaluate");

    const reactivated = await json<{ status: string }>("users", "reactivate", "cy@example.com");
    expect(reactivated.status).toBe("active");
    const preview = await json<{ upgrades: number; downgrades: number; unchanged: number }>("di", "preview");
    expect(preview.upgrades + preview.downgrades + preview.unchanged).toBeGreaterThan(0);
    const on = await json<{ diEnabled: boolean; unchanged: number }>("di", "on");
    expect(on.diEnabled).toBe(true);
    expect(scim.call("GET", `/Users/${cy.id}`).json).toMatchObject({ active: true, [SEAT]: { seatType: "Member" } });
    expect(await text("users", "reevaluate")).toMatch(/Re-evaluated: \d+ up, \d+ down, \d+ unchanged/);
  }, SLOW);

  it("lists users not signed in yet only with --pending", async () => {
    scim.call("POST", "/Users", userBody("dee@example.com"));
    const pending = await json<{ users: { userName: string }[] }>("users", "list", "--pending");
    expect(pending.users.map((u) => u.userName)).toContain("dee@example.com");
    const main = await json<{ users: { userName: string }[] }>("users", "list");
    expect(main.users.map((u) => u.userName)).not.toContain("dee@example.com");
  }, SLOW);
});
