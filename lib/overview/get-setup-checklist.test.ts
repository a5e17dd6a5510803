import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { domains, groupRoleMappings, groups, plan, scimTokens } from "@/db/schema";
import { newId } from "@/lib/ids";
import { setPlan } from "@/lib/plan/set-plan";
import { getSetupChecklist, type ChecklistStep } from "./get-setup-checklist";

const NOW = Date.UTC(2025, 5, 1);
let db: Db;
beforeEach(() => {
  db = openTestDatabase();
  setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "test");
});

const state = () =>
  Object.fromEntries(getSetupChecklist(db, NOW).items.map((item) => [item.step, item.done])) as Record<ChecklistStep, boolean>;

const addDomain = (name: string, verified: boolean) =>
  db.insert(domains)
    .values({ id: newId(), name, verificationValue: "v", verifiedAt: verified ? NOW - 1 : null, createdBy: "t" })
    .run();

describe("getSetupChecklist", () => {
  it("lists the preparation steps in the order of docs/product.md §3.9, none done on a new plan (auto-upgrade is on by default)", () => {
    const checklist = getSetupChecklist(db, NOW);
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

  it("follows the live state of each step", () => {
    db.update(plan).set({ scimEnabled: true, autoUpgrade: false }).run();
    addDomain("other.example", true);
    let now = state();
    expect(now["scim-support"]).toBe(true);
    expect(now["validated-domain"]).toBe(true);
    expect(now["primary-email-domain"]).toBe(false);
    expect(now["auto-upgrade-off"]).toBe(true);
    expect(getSetupChecklist(db, NOW).items.find((i) => i.step === "primary-email-domain")?.detail).toBe(
      "it@acme.example is on acme.example, which is not validated.",
    );

    addDomain("acme.example", true);
    db.insert(scimTokens).values({ id: newId(), name: "Okta", tokenHash: "h", createdBy: "t" }).run();
    db.update(plan).set({ diEnabled: true }).run();
    const groupId = newId();
    db.insert(groups).values({ id: groupId, displayName: "Licensed", displayNameNorm: "licensed" }).run();
    db.insert(groupRoleMappings).values({ groupId, role: "LICENSED_USER", mappedBy: "t" }).run();
    now = state();
    expect(Object.values(now).every(Boolean)).toBe(true);
    expect(getSetupChecklist(db, NOW)).toMatchObject({ done: 5, total: 5, recommendedOpen: 0 });
  });

  it("says what each step is: five required, Contributor auto-upgrade off recommended, group mappings optional", () => {
    const kinds = Object.fromEntries(getSetupChecklist(db, NOW).items.map((item) => [item.step, item.kind]));
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

  it("counts only required steps in done and total: a recommended step left open does not hold setup back", () => {
    db.update(plan).set({ scimEnabled: true, diEnabled: true }).run(); // Contributor auto-upgrade stays on
    addDomain("acme.example", true);
    db.insert(scimTokens).values({ id: newId(), name: "Okta", tokenHash: "h", createdBy: "t" }).run();
    expect(getSetupChecklist(db, NOW)).toMatchObject({ done: 5, total: 5, recommendedOpen: 1 });
    expect(getSetupChecklist(db, NOW).items.find((i) => i.step === "auto-upgrade-off")?.detail).toMatch(
      /^Contributor auto-upgrade is on/,
    );
    db.update(plan).set({ autoUpgrade: false }).run();
    expect(getSetupChecklist(db, NOW)).toMatchObject({ done: 5, total: 5, recommendedOpen: 0 });
  });

  it("does not count a pending domain, an expired token or a revoked one", () => {
    addDomain("acme.example", false);
    db.insert(scimTokens)
      .values([
        { id: newId(), name: "old", tokenHash: "a", createdBy: "t", expiresAt: NOW - 1 },
        { id: newId(), name: "gone", tokenHash: "b", createdBy: "t", revokedAt: NOW - 1 },
      ])
      .run();
    expect(state()).toMatchObject({ "validated-domain": false, "primary-email-domain": false, "active-token": false });
    expect(getSetupChecklist(db, NOW).items.find((i) => i.step === "validated-domain")?.detail).toBe(
      "1 domain added, none validated yet.",
    );
    db.update(domains).set({ verifiedAt: NOW }).where(eq(domains.name, "acme.example")).run();
    expect(state()).toMatchObject({ "validated-domain": true, "primary-email-domain": true });
  });
});
