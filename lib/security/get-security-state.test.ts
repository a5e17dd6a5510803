import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { addDomain } from "@/lib/domains/add-domain";
import { setPlan } from "@/lib/plan/set-plan";
import { setScimSupport } from "@/lib/plan/set-scim-support";
import { updateSettings } from "@/lib/settings/update-settings";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { getSecurityState } from "./get-security-state";

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

describe("getSecurityState", () => {
  it("has no plan, no preconditions and no warning before the plan exists", async () => {
    const state = await getSecurityState(db);
    expect(state.plan).toBeNull();
    expect(state.preconditions).toEqual([]);
    expect(state.autoUpgradeWarning).toBeNull();
    expect(state).toMatchObject({ domains: [], tokens: [], activeTokens: 0, maxActiveTokens: 2 });
  });

  it("reads the plan switches, domains, tokens and DI preconditions together", async () => {
    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "t");
    await setScimSupport(db, true, "t");
    await addDomain(db, "acme.example", "t");
    const okta = await createToken(db, { name: "Okta" }, "ada@acme.example");
    const old = await createToken(db, { name: "Old" }, "ada@acme.example");
    await revokeToken(db, old.id, "t");
    await updateSettings(db, { autoUpgrade: false, reviewDays: 14 }, "t");

    const state = await getSecurityState(db);
    expect(state.plan).toMatchObject({
      primaryDomain: "acme.example",
      scimEnabled: true,
      diEnabled: false,
      autoUpgrade: false,
      uapEnabled: false,
      provisionalPolicy: "admin-approval",
      reviewDays: 14,
    });
    expect(state.domains.map((d) => [d.name, d.status])).toEqual([["acme.example", "pending"]]);
    expect(state.validatedDomains).toEqual([]);
    expect(state.tokens.map((t) => [t.name, t.status])).toEqual([
      ["Old", "revoked"],
      ["Okta", "active"],
    ]);
    expect(state.tokens.find((t) => t.id === okta.id)).not.toHaveProperty("token");
    expect(state.activeTokens).toBe(1);
    expect(state.preconditions.map((p) => [p.key, p.met])).toEqual([
      ["scim-support", true],
      ["validated-domain", false],
      ["primary-email-domain", false],
    ]);
    expect(state.checklist.items.find((i) => i.step === "active-token")?.done).toBe(true);
  });
});
