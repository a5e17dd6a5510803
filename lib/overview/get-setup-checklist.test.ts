import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { newId } from "@/lib/ids";
import { setPlan } from "@/lib/plan/set-plan";
import { getSetupChecklist, type ChecklistStep } from "./get-setup-checklist";

const NOW = Date.UTC(2025, 5, 1);
let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
  await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "test");
});

const state = async () =>
  Object.fromEntries((await getSetupChecklist(db, NOW)).items.map((item) => [item.step, item.done])) as Record<ChecklistStep, boolean>;

const addDomain = async (name: string, verified: boolean) =>
  db.execute(
    "INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES (?, ?, 'v', ?, 't')",
    newId(),
    name,
    verified ? NOW - 1 : null,
  );
const addToken = async (name: string, tokenHash: string, { expiresAt = null, revokedAt = null }: { expiresAt?: number | null; revokedAt?: number | null } = {}) =>
  db.execute(
    "INSERT INTO scim_tokens (id, name, token_hash, created_by, expires_at, revoked_at) VALUES (?, ?, ?, 't', ?, ?)",
    newId(),
    name,
    tokenHash,
    expiresAt,
    revokedAt,
  );

describe("getSetupChecklist", () => {
  it("lists the preparation steps in the order of docs/product.md §3.9, none done on a new plan (auto-upgrade is on by default)", async () => {
    const checklist = await getSetupChecklist(db, NOW);
    expect(checklist.items.map((item) => item.step)).toEqual([
      "scim-support",
      "validated-domain",
      "primary-email-domain",
      "active-token",
      "directory-integration",
      "groups-mapped",
      "auto-upgrade-off",
    ]);
    expect(checklist.items.every((item) => !item.done)).toBe(true);
    expect(checklist).toMatchObject({ done: 0, total: 5, recommendedOpen: 1 });
    expect(checklist.items.find((i) => i.step === "validated-domain")?.detail).toBe("No domain added yet.");
  });

  it("follows the live state of each step", async () => {
    await db.execute("UPDATE plan SET scim_enabled = 1, auto_upgrade = 0");
    await addDomain("other.example", true);
    let now = await state();
    expect(now["scim-support"]).toBe(true);
    expect(now["validated-domain"]).toBe(true);
    expect(now["primary-email-domain"]).toBe(false);
    expect(now["auto-upgrade-off"]).toBe(true);
    expect((await getSetupChecklist(db, NOW)).items.find((i) => i.step === "primary-email-domain")?.detail).toBe(
      "it@acme.example is on acme.example, which is not validated.",
    );

    await addDomain("acme.example", true);
    await addToken("Okta", "h");
    await db.execute("UPDATE plan SET di_enabled = 1");
    const groupId = newId();
    await db.execute("INSERT INTO groups (id, display_name, display_name_norm) VALUES (?, 'Licensed', 'licensed')", groupId);
    await db.execute("INSERT INTO group_role_mappings (group_id, role, mapped_by) VALUES (?, 'LICENSED_USER', 't')", groupId);
    now = await state();
    expect(Object.values(now).every(Boolean)).toBe(true);
    expect(await getSetupChecklist(db, NOW)).toMatchObject({ done: 5, total: 5, recommendedOpen: 0 });
  });

  it("says what each step is: five required, Contributor auto-upgrade off recommended, group mappings optional", async () => {
    const kinds = Object.fromEntries((await getSetupChecklist(db, NOW)).items.map((item) => [item.step, item.kind]));
    expect(kinds).toEqual({
      "scim-support": "required",
      "validated-domain": "required",
      "primary-email-domain": "required",
      "active-token": "required",
      "directory-integration": "required",
      "groups-mapped": "optional",
      "auto-upgrade-off": "recommended",
    });
  });

  it("counts only required steps in done and total: a recommended step left open does not hold setup back", async () => {
    await db.execute("UPDATE plan SET scim_enabled = 1, di_enabled = 1"); // Contributor auto-upgrade stays on
    await addDomain("acme.example", true);
    await addToken("Okta", "h");
    expect(await getSetupChecklist(db, NOW)).toMatchObject({ done: 5, total: 5, recommendedOpen: 1 });
    expect((await getSetupChecklist(db, NOW)).items.find((i) => i.step === "auto-upgrade-off")?.detail).toMatch(
      /^Contributor auto-upgrade is on/,
    );
    await db.execute("UPDATE plan SET auto_upgrade = 0");
    expect(await getSetupChecklist(db, NOW)).toMatchObject({ done: 5, total: 5, recommendedOpen: 0 });
  });

  it("does not count a pending domain, an expired token or a revoked one", async () => {
    await addDomain("acme.example", false);
    await addToken("old", "a", { expiresAt: NOW - 1 });
    await addToken("gone", "b", { revokedAt: NOW - 1 });
    expect(await state()).toMatchObject({ "validated-domain": false, "primary-email-domain": false, "active-token": false });
    expect((await getSetupChecklist(db, NOW)).items.find((i) => i.step === "validated-domain")?.detail).toBe(
      "1 domain added, none validated yet.",
    );
    await db.execute("UPDATE domains SET verified_at = ? WHERE name = 'acme.example'", NOW);
    expect(await state()).toMatchObject({ "validated-domain": true, "primary-email-domain": true });
  });
});
