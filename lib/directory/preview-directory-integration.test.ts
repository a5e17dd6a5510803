import { describe, expect, it } from "vitest";
import { createScimTestEnv, groupBody, patchBody, TEST_ADMIN, userBody } from "@/lib/scim/test-support";
import { setGroupMapping } from "./map-group-role";
import { exportPreviewCsv, previewDirectoryIntegration } from "./preview-directory-integration";
import { setUserSeat } from "./set-user-seat";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "./set-directory-integration";

const LICENSED = { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] };

describe("previewDirectoryIntegration", () => {
  it("lists what turning DI on would change, with nothing unmet", async () => {
    const scim = await createScimTestEnv();
    const id = (await scim.call("POST", "/Users", userBody("member@example.com", LICENSED))).json.id as string;
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    await setUserSeat(scim.db, id, "Contributor", TEST_ADMIN, Date.now());
    const preview = await previewDirectoryIntegration(scim.db, { now: Date.now() });
    expect(preview).toMatchObject({ unmet: [], upgrades: 1, downgrades: 0 });
    expect(preview.changes).toEqual([expect.objectContaining({ userId: id, from: "Contributor", to: "Member" })]);
  });

  it("names each unmet precondition with what to do", async () => {
    const scim = await createScimTestEnv({ domains: [], directoryIntegration: false });
    expect((await previewDirectoryIntegration(scim.db, { now: Date.now() })).unmet).toEqual([
      expect.stringMatching(/^No validated domain: add a domain/),
      expect.stringMatching(/^The plan's primary email admin@example\.com is not on a validated domain/),
    ]);
  });

  it("lists one page of changes, and counts them all", async () => {
    const scim = await createScimTestEnv();
    const ids: string[] = [];
    for (const u of ["a@example.com", "b@example.com"]) ids.push((await scim.call("POST", "/Users", userBody(u, LICENSED))).json.id as string);
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    for (const id of ids) await setUserSeat(scim.db, id, "Contributor", TEST_ADMIN, Date.now());
    const preview = await previewDirectoryIntegration(scim.db, { now: Date.now(), pageSize: 1 });
    expect(preview).toMatchObject({ upgrades: 2, downgrades: 0, pages: 2, page: 1, matching: 2 });
    expect(preview.changes).toHaveLength(1);
  });
});

/** Users DI would move down (Members without a Member role) and up (Contributors with one), set while DI is off. */
async function planWithChanges(downs: string[], ups: string[]) {
  const scim = await createScimTestEnv();
  const create = async (u: string, body: Record<string, unknown>) => (await scim.call("POST", "/Users", userBody(u, body))).json.id as string;
  const downIds: string[] = [];
  for (const u of downs) downIds.push(await create(u, {}));
  const upIds: string[] = [];
  for (const u of ups) upIds.push(await create(u, LICENSED));
  await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
  for (const id of downIds) await setUserSeat(scim.db, id, "Member", TEST_ADMIN, Date.now());
  for (const id of upIds) await setUserSeat(scim.db, id, "Contributor", TEST_ADMIN, Date.now());
  return scim;
}

describe("the preview at scale: directions and pages", () => {
  it("puts downgrades first, and pages each direction on its own", async () => {
    const downs = Array.from({ length: 5 }, (_, i) => `down${i}@example.com`);
    const ups = Array.from({ length: 3 }, (_, i) => `up${i}@example.com`);
    const scim = await planWithChanges(downs, ups);
    const now = Date.now();

    const all = await previewDirectoryIntegration(scim.db, { now, pageSize: 100 });
    expect(all).toMatchObject({ direction: "all", downgrades: 5, upgrades: 3, matching: 8, pages: 1 });
    expect(all.changes.map((c) => `${c.from}→${c.to}`)).toEqual([...Array(5).fill("Member→Contributor"), ...Array(3).fill("Contributor→Member")]);

    const firstDown = await previewDirectoryIntegration(scim.db, { now, direction: "down", pageSize: 2 });
    expect(firstDown).toMatchObject({ direction: "down", page: 1, pages: 3, matching: 5 });
    const pagesOfDown: string[] = [];
    for (const page of [1, 2, 3]) {
      pagesOfDown.push(...(await previewDirectoryIntegration(scim.db, { now, direction: "down", page, pageSize: 2 })).changes.map((c) => c.userName));
    }
    // Every downgrade once, across the pages, in a stable order.
    expect([...pagesOfDown].sort()).toEqual([...downs].sort());
    expect(new Set(pagesOfDown).size).toBe(5);
    expect((await previewDirectoryIntegration(scim.db, { now, direction: "down", page: 2, pageSize: 2 })).changes.map((c) => c.userName)).toEqual(
      pagesOfDown.slice(2, 4),
    );

    const up = await previewDirectoryIntegration(scim.db, { now, direction: "up", pageSize: 2 });
    expect(up).toMatchObject({ pages: 2, matching: 3 });
    expect(up.changes.every((c) => c.to === "Member")).toBe(true);
    // Past the last page: the last page, never an empty one that hides the rest.
    expect(await previewDirectoryIntegration(scim.db, { now, direction: "up", page: 9, pageSize: 2 })).toMatchObject({ page: 2 });
  });

  it("refuses a bad page, page size or direction with what to give instead", async () => {
    const scim = await planWithChanges([], []);
    const now = Date.now();
    await expect(previewDirectoryIntegration(scim.db, { now, page: 0 })).rejects.toThrow(/page must be a whole number from 1/);
    await expect(previewDirectoryIntegration(scim.db, { now, pageSize: 101 })).rejects.toThrow(/page size must be a whole number from 1 to 100/);
    await expect(previewDirectoryIntegration(scim.db, { now, direction: "sideways" as "up" })).rejects.toThrow(/direction must be down, up or all/);
    expect(await previewDirectoryIntegration(scim.db, { now, direction: "down" })).toMatchObject({ pages: 1, matching: 0, changes: [] });
  });
});

describe("exportPreviewCsv", () => {
  it("writes every change, downgrades first, one line at a time", async () => {
    const scim = await planWithChanges(["down@example.com"], ["up@example.com"]);
    const chunks: string[] = [];
    for await (const chunk of exportPreviewCsv(scim.db, Date.now())) chunks.push(chunk);
    expect(chunks).toHaveLength(3); // the header, then a chunk a row: nothing is built up in one string
    expect(chunks[0]).toBe("\uFEFFChange,User,Display name,From,To,Why,User ID\r\n");
    expect(chunks[1]).toMatch(/^Down,down@example\.com,[^,]*,Member,Contributor,/);
    expect(chunks[2]).toMatch(/^Up,up@example\.com,[^,]*,Contributor,Member,/);
  });
});


describe("the preview after a change (its cache of decisions)", () => {
  it("shows an admin's seat change, a group mapping, a group rename and a change made in the sqlite3 shell at the next read", async () => {
    const scim = await createScimTestEnv();
    const create = async (u: string, body: Record<string, unknown> = {}) => (await scim.call("POST", "/Users", userBody(u, body))).json.id as string;
    const ada = await create("ada@example.com");
    const bob = await create("bob@example.com");
    expect((await scim.call("POST", "/Groups", groupBody("Licensed", [bob]))).status).toBe(201);
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    const now = Date.now();
    const read = async () => previewDirectoryIntegration(scim.db, { now, pageSize: 100 });
    expect(await read()).toMatchObject({ upgrades: 0, downgrades: 0 });

    await setUserSeat(scim.db, ada, "Member", TEST_ADMIN, now);
    expect((await read()).changes).toEqual([expect.objectContaining({ userId: ada, from: "Member", to: "Contributor" })]);
    expect(await read()).toMatchObject({ downgrades: 1, upgrades: 0 });

    await setGroupMapping(scim.db, "Licensed", "LICENSED_USER", TEST_ADMIN, now);
    expect((await read()).changes).toEqual([
      expect.objectContaining({ userId: ada, to: "Contributor" }),
      expect.objectContaining({ userId: bob, from: "Contributor", to: "Member", reason: expect.stringContaining("Licensed") }),
    ]);

    await scim.db.execute("UPDATE groups SET display_name = 'Licensed (Okta)'");
    expect((await read()).changes[1]?.reason).toContain("Licensed (Okta)");

    await scim.db.execute("UPDATE users SET seat_type = 'Contributor' WHERE id = ?", ada);
    expect(await read()).toMatchObject({ downgrades: 0, upgrades: 1 });
    const lines: string[] = [];
    for await (const line of exportPreviewCsv(scim.db, now)) lines.push(line);
    expect(lines).toHaveLength(2);

    await scim.db.execute("DELETE FROM group_members WHERE user_id = ?", bob);
    expect(await read()).toMatchObject({ downgrades: 0, upgrades: 0, changes: [] });
  });

  it("shows a SCIM write at the next read", async () => {
    const scim = await createScimTestEnv();
    const ada = (await scim.call("POST", "/Users", userBody("ada@example.com"))).json.id as string;
    await turnOffDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    await setUserSeat(scim.db, ada, "Member", TEST_ADMIN, Date.now());
    const read = async () => previewDirectoryIntegration(scim.db, { now: Date.now() });
    expect(await read()).toMatchObject({ downgrades: 1 });
    // DI back on is a re-evaluation; the admin's seat goes, then a push gives Ada a Member role.
    await turnOnDirectoryIntegration(scim.db, TEST_ADMIN, Date.now());
    expect(await read()).toMatchObject({ downgrades: 0, upgrades: 0 });
    await scim.db.execute("UPDATE users SET seat_type = 'Member', seat_set_by = 'admin' WHERE id = ?", ada);
    expect(await read()).toMatchObject({ downgrades: 1 });
    expect((await scim.call("PATCH", `/Users/${ada}`, patchBody({ op: "add", path: "roles", value: LICENSED.roles }))).status).toBe(200);
    expect(await read()).toMatchObject({ downgrades: 0, upgrades: 0 });
  });
});
