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
import { createSheet } from "./create-sheet";
import { getWorkspace } from "./get-workspace";
import { thrownByAsync } from "@/lib/testing/thrown-by";

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);
const CHEAP = { N: 2 ** 4, r: 8, p: 1 };
const sheets$ = columnsOf(sheets);
const activity$ = columnsOf(activity);

async function setUp({ autoUpgrade }: { autoUpgrade: boolean }) {
  const scim = await createScimTestEnv();
  const { db } = scim;
  await createAdmin(db, { email: "grace@example.com", name: "Grace Hopper", password: "correct horse battery" }, "cli", { passwordCost: CHEAP });
  await updateSettings(db, { autoUpgrade, reviewDays: 14 }, TEST_ADMIN);
  const create = async (userName: string, roles: string[] = []): Promise<string> => {
    const res = await scim.call("POST", "/Users", userBody(userName, { roles: roles.map((value) => ({ value })) }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return (res.json as { id: string }).id;
  };
  const seat = async (id: string): Promise<SeatType> => (await findUserById(db, id))!.seatType;
  const owned = async (id: string) => db.rows<Sheet>(`SELECT ${sheets$.list} FROM sheets WHERE owner_id = ?`, id);
  const entries = async (action: string) => (await db.rows(`SELECT ${activity$.list} FROM activity WHERE action = ?`, action)).map(activity$.map);
  return { scim, db, create, seat, owned, entries };
}

describe("createSheet", () => {
  it("lets a Member create a sheet, records it, and lists it newest first with the count", async () => {
    const { db, create, owned, entries } = await setUp({ autoUpgrade: true });
    const id = await create("ada@example.com", ["LICENSED_USER"]);
    const first = await createSheet(db, { userId: id, name: "  Budget 2027  ", now: NOW });
    expect(first).toMatchObject({ becameProvisional: false, sheet: { name: "Budget 2027", ownerId: id, createdAt: NOW } });
    await createSheet(db, { userId: id, name: "Roadmap", now: NOW + 1 });
    expect(await owned(id)).toHaveLength(2);
    expect((await entries("sheet.created")).map((e) => [e.actor, e.userId, e.toValue])).toEqual([
      ["ada@example.com", id, "Budget 2027"],
      ["ada@example.com", id, "Roadmap"],
    ]);
    const workspace = await getWorkspace(db, (await findUserById(db, id))!, { limit: 1 });
    expect(workspace).toMatchObject({ seat: "Member", sheetCount: 2, systemAdmin: false, abilities: { createSheet: "create" } });
    expect(workspace.sheets.map((s) => s.name)).toEqual(["Roadmap"]);
  });

  it("refuses an empty, over-long or multi-line name and creates nothing", async () => {
    const { db, create, owned } = await setUp({ autoUpgrade: true });
    const id = await create("ada@example.com", ["LICENSED_USER"]);
    for (const name of ["   ", "x".repeat(121), "two\nlines", 42]) {
      const error = await thrownByAsync(AppError, async () => createSheet(db, { userId: id, name, now: NOW }));
      expect(isAppError(error) && error.code, String(name)).toBe("invalid");
    }
    expect(await owned(id)).toEqual([]);
  });

  it("with auto-upgrade on, makes a Contributor a Provisional Member for the review period and creates the sheet", async () => {
    const { db, create, seat, owned, entries } = await setUp({ autoUpgrade: true });
    const id = await create("cy@example.com");
    expect(await seat(id)).toBe("Contributor");
    expect((await getWorkspace(db, (await findUserById(db, id))!)).abilities.createSheet).toBe("provisional");
    const result = await createSheet(db, { userId: id, name: "Plan", now: NOW });
    expect(result).toMatchObject({ becameProvisional: true, reviewEndsAt: NOW + 14 * DAY_MS });
    expect(await seat(id)).toBe("Provisional Member");
    expect(await owned(id)).toHaveLength(1);
    expect((await entries("seat.changed")).filter((e) => e.userId === id).map((e) => [e.fromValue, e.toValue, e.actor])).toEqual([
      ["Contributor", "Provisional Member", "system"],
    ]);
    expect((await entries("sheet.created"))[0]?.reason).toMatch(/new Provisional Member/);
    // The second sheet is a Provisional Member's: no second seat change.
    expect((await createSheet(db, { userId: id, name: "Plan 2", now: NOW + 1 })).becameProvisional).toBe(false);
    expect(await getWorkspace(db, (await findUserById(db, id))!)).toMatchObject({ seat: "Provisional Member", reviewEndsAt: NOW + 14 * DAY_MS });
  });

  it("with auto-upgrade off, refuses a Contributor with the System Admins to ask, and changes nothing", async () => {
    const { db, create, seat, owned, entries } = await setUp({ autoUpgrade: false });
    const id = await create("cy@example.com");
    const error = await thrownByAsync(AppError, async () => createSheet(db, { userId: id, name: "Plan", now: NOW }));
    expect(isAppError(error) && error.code).toBe("forbidden");
    expect((error as Error).message).toMatch(/Ask for a Member seat: .*Grace Hopper \(grace@example\.com\)/);
    expect(await seat(id)).toBe("Contributor");
    expect(await owned(id)).toEqual([]);
    expect(await entries("sheet.created")).toEqual([]);
  });

  it("refuses Guests, No Access and the deactivated", async () => {
    const { scim, db, create, owned } = await setUp({ autoUpgrade: true });
    const noAccess = await create("na@example.com");
    await changeUserSeat(db, { userId: noAccess, seat: "No Access", confirmOverride: true, actor: TEST_ADMIN, now: NOW });
    expect(((await thrownByAsync(AppError, async () => createSheet(db, { userId: noAccess, name: "x", now: NOW }))) as Error).message).toMatch(/No Access.*Grace Hopper/);
    expect((await getWorkspace(db, (await findUserById(db, noAccess))!)).abilities).toMatchObject({ createSheet: "none", opensContent: false });

    const gone = await create("gone@example.com", ["LICENSED_USER"]);
    expect((await scim.call("PATCH", `/Users/${gone}`, patchBody({ op: "replace", value: { active: false } }))).status).toBe(200);
    expect(((await thrownByAsync(AppError, async () => createSheet(db, { userId: gone, name: "x", now: NOW }))) as Error).message).toMatch(/deactivated/);
    expect([...(await owned(noAccess)), ...(await owned(gone))]).toEqual([]);
  });

  it("follows a seat change at the next call: a Member moved to Contributor no longer creates without the trigger", async () => {
    const { scim, db, create, seat, owned } = await setUp({ autoUpgrade: false });
    const id = await create("ada@example.com", ["LICENSED_USER"]);
    await createSheet(db, { userId: id, name: "One", now: NOW });
    const patched = await scim.call("PATCH", `/Users/${id}`, patchBody({ op: "remove", path: "roles" }));
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    expect(await seat(id)).toBe("Contributor");
    expect(((await thrownByAsync(AppError, async () => createSheet(db, { userId: id, name: "Two", now: NOW }))) as Error).message).toMatch(/Member seat/);
    expect((await owned(id)).map((s) => s.name)).toEqual(["One"]);
  });
});
