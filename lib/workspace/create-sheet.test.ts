import { describe, expect, it } from "vitest";
import { columnsOf } from "@/db/columns";
import type { SeatType, Sheet } from "@/db/schema";
import { activity, sheets } from "@/db/schema";
import { createAdmin } from "@/lib/admins/create-admin";
import { changeUserSeat } from "@/lib/directory/change-user-seat";
import { AppError, isAppError } from "@/lib/errors";
import { createScimTestEnv, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { DAY_MS } from "@/lib/seats";
import { updateSettings } from "@/lib/settings/update-settings";
import { findUserById } from "@/lib/users/user-queries";
import { thrownBy } from "@/lib/testing/thrown-by";
import { createSheet } from "./create-sheet";
import { getWorkspace } from "./get-workspace";

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);
const CHEAP = { N: 2 ** 4, r: 8, p: 1 };
const sheets$ = columnsOf(sheets);
const activity$ = columnsOf(activity);

function setUp({ autoUpgrade }: { autoUpgrade: boolean }) {
  const scim = createScimTestEnv();
  const { db } = scim;
  createAdmin(db, { email: "grace@example.com", name: "Grace Hopper", password: "correct horse battery" }, "cli", { passwordCost: CHEAP });
  updateSettings(db, { autoUpgrade, reviewDays: 14 }, TEST_ADMIN);
  const create = (userName: string, roles: string[] = []): string => {
    const res = scim.call("POST", "/Users", userBody(userName, { roles: roles.map((value) => ({ value })) }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return (res.json as { id: string }).id;
  };
  const seat = (id: string): SeatType => findUserById(db, id)!.seatType;
  const owned = (id: string) => db.rows<Sheet>(`SELECT ${sheets$.list} FROM sheets WHERE owner_id = ?`, id);
  const entries = (action: string) => db.rows(`SELECT ${activity$.list} FROM activity WHERE action = ?`, action).map(activity$.map);
  return { scim, db, create, seat, owned, entries };
}

describe("createSheet", () => {
  it("lets a Member create a sheet, records it, and lists it newest first with the count", () => {
    const { db, create, owned, entries } = setUp({ autoUpgrade: true });
    const id = create("ada@example.com", ["LICENSED_USER"]);
    const first = createSheet(db, { userId: id, name: "  Budget 2027  ", now: NOW });
    expect(first).toMatchObject({ becameProvisional: false, sheet: { name: "Budget 2027", ownerId: id, createdAt: NOW } });
    createSheet(db, { userId: id, name: "Roadmap", now: NOW + 1 });
    expect(owned(id)).toHaveLength(2);
    expect(entries("sheet.created").map((e) => [e.actor, e.userId, e.toValue])).toEqual([
      ["ada@example.com", id, "Budget 2027"],
      ["ada@example.com", id, "Roadmap"],
    ]);
    const workspace = getWorkspace(db, findUserById(db, id)!, { limit: 1 });
    expect(workspace).toMatchObject({ seat: "Member", sheetCount: 2, systemAdmin: false, abilities: { createSheet: "create" } });
    expect(workspace.sheets.map((s) => s.name)).toEqual(["Roadmap"]);
  });

  it("refuses an empty, over-long or multi-line name and creates nothing", () => {
    const { db, create, owned } = setUp({ autoUpgrade: true });
    const id = create("ada@example.com", ["LICENSED_USER"]);
    for (const name of ["   ", "x".repeat(121), "two\nlines", 42]) {
      const error = thrownBy(AppError, () => createSheet(db, { userId: id, name, now: NOW }));
      expect(isAppError(error) && error.code, String(name)).toBe("invalid");
    }
    expect(owned(id)).toEqual([]);
  });

  it("with auto-upgrade on, makes a Contributor a Provisional Member for the review period and creates the sheet", () => {
    const { db, create, seat, owned, entries } = setUp({ autoUpgrade: true });
    const id = create("cy@example.com");
    expect(seat(id)).toBe("Contributor");
    expect(getWorkspace(db, findUserById(db, id)!).abilities.createSheet).toBe("provisional");
    const result = createSheet(db, { userId: id, name: "Plan", now: NOW });
    expect(result).toMatchObject({ becameProvisional: true, reviewEndsAt: NOW + 14 * DAY_MS });
    expect(seat(id)).toBe("Provisional Member");
    expect(owned(id)).toHaveLength(1);
    expect(entries("seat.changed").filter((e) => e.userId === id).map((e) => [e.fromValue, e.toValue, e.actor])).toEqual([
      ["Contributor", "Provisional Member", "system"],
    ]);
    expect(entries("sheet.created")[0]?.reason).toMatch(/new Provisional Member/);
    // The second sheet is a Provisional Member's: no second seat change.
    expect(createSheet(db, { userId: id, name: "Plan 2", now: NOW + 1 }).becameProvisional).toBe(false);
    expect(getWorkspace(db, findUserById(db, id)!)).toMatchObject({ seat: "Provisional Member", reviewEndsAt: NOW + 14 * DAY_MS });
  });

  it("with auto-upgrade off, refuses a Contributor with the System Admins to ask, and changes nothing", () => {
    const { db, create, seat, owned, entries } = setUp({ autoUpgrade: false });
    const id = create("cy@example.com");
    const error = thrownBy(AppError, () => createSheet(db, { userId: id, name: "Plan", now: NOW }));
    expect(isAppError(error) && error.code).toBe("forbidden");
    expect((error as Error).message).toMatch(/Ask for a Member seat: .*Grace Hopper \(grace@example\.com\)/);
    expect(seat(id)).toBe("Contributor");
    expect(owned(id)).toEqual([]);
    expect(entries("sheet.created")).toEqual([]);
  });

  it("refuses Guests, No Access and the deactivated", () => {
    const { scim, db, create, owned } = setUp({ autoUpgrade: true });
    const noAccess = create("na@example.com");
    changeUserSeat(db, { userId: noAccess, seat: "No Access", confirmOverride: true, actor: TEST_ADMIN, now: NOW });
    expect((thrownBy(AppError, () => createSheet(db, { userId: noAccess, name: "x", now: NOW })) as Error).message).toMatch(/No Access.*Grace Hopper/);
    expect(getWorkspace(db, findUserById(db, noAccess)!).abilities).toMatchObject({ createSheet: "none", opensContent: false });

    const gone = create("gone@example.com", ["LICENSED_USER"]);
    expect(scim.call("PATCH", `/Users/${gone}`, patchBody({ op: "replace", value: { active: false } })).status).toBe(200);
    expect((thrownBy(AppError, () => createSheet(db, { userId: gone, name: "x", now: NOW })) as Error).message).toMatch(/deactivated/);
    expect([...owned(noAccess), ...owned(gone)]).toEqual([]);
  });

  it("follows a seat change at the next call: a Member moved to Contributor no longer creates without the trigger", () => {
    const { scim, db, create, seat, owned } = setUp({ autoUpgrade: false });
    const id = create("ada@example.com", ["LICENSED_USER"]);
    createSheet(db, { userId: id, name: "One", now: NOW });
    const patched = scim.call("PATCH", `/Users/${id}`, patchBody({ op: "remove", path: "roles" }));
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    expect(seat(id)).toBe("Contributor");
    expect((thrownBy(AppError, () => createSheet(db, { userId: id, name: "Two", now: NOW })) as Error).message).toMatch(/Member seat/);
    expect(owned(id).map((s) => s.name)).toEqual(["One"]);
  });
});
