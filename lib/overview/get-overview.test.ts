import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import { domains, scimTokens, users, type NewUser } from "@/db/schema";
import { newId } from "@/lib/ids";
import { setPlan } from "@/lib/plan/set-plan";
import { getOverview } from "./get-overview";

const NOW = Date.UTC(2025, 5, 1);
let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});

const user = (overrides: Partial<NewUser>): NewUser => {
  const id = newId();
  return { id, userName: `${id}@acme.example`, userNameNorm: `${id}@acme.example`, resource: {}, ...overrides };
};

const token = (overrides: Partial<typeof scimTokens.$inferInsert>) => ({
  id: newId(),
  name: "Okta",
  tokenHash: newId(),
  createdBy: "ada@acme.example",
  ...overrides,
});

describe("getOverview", () => {
  it("reports an empty install", () => {
    expect(getOverview(db, NOW)).toEqual({
      plan: null,
      domains: { total: 0, validated: 0 },
      activeTokens: 0,
      seats: { Member: 0, "Provisional Member": 0, Contributor: 0, Guest: 0, "No Access": 0 },
      deactivated: 0,
    });
  });

  it("counts seats of active users, deactivated users, validated domains and live tokens", () => {
    setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "test");
    db.insert(users)
      .values([
        user({ seatType: "Member" }),
        user({ seatType: "Member" }),
        user({ seatType: "Contributor" }),
        user({ seatType: "Guest" }),
        user({ seatType: "Member", status: "deactivated" }),
      ])
      .run();
    db.insert(domains)
      .values([
        { id: newId(), name: "acme.example", verificationValue: "v", verifiedAt: NOW - 1, createdBy: "t" },
        { id: newId(), name: "pending.example", verificationValue: "v", createdBy: "t" },
      ])
      .run();
    db.insert(scimTokens)
      .values([
        token({}),
        token({ expiresAt: NOW + 1 }),
        token({ expiresAt: NOW }),
        token({ revokedAt: NOW - 5, revokedBy: "ada" }),
      ])
      .run();

    const overview = getOverview(db, NOW);
    expect(overview.plan).toMatchObject({ name: "Acme", primaryEmail: "it@acme.example", scimEnabled: false, diEnabled: false });
    expect(overview.seats).toEqual({ Member: 2, "Provisional Member": 0, Contributor: 1, Guest: 1, "No Access": 0 });
    expect(overview.deactivated).toBe(1);
    expect(overview.domains).toEqual({ total: 2, validated: 1 });
    expect(overview.activeTokens).toBe(2);
  });
});
