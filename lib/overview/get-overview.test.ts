import { beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type Db } from "@/db/client";
import type { NewUser, ScimToken } from "@/db/schema";
import { newId } from "@/lib/ids";
import { setPlan } from "@/lib/plan/set-plan";
import { getOverview } from "./get-overview";

const NOW = Date.UTC(2025, 5, 1);
let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});

const user = (overrides: Partial<NewUser>): NewUser => {
  const id = newId();
  return { id, userName: `${id}@acme.example`, userNameNorm: `${id}@acme.example`, resource: {}, ...overrides };
};

const insertUser = async (u: NewUser) =>
  db.execute(
    "INSERT INTO users (id, user_name, user_name_norm, resource, seat_type, status) VALUES (?, ?, ?, ?, ?, ?)",
    u.id,
    u.userName,
    u.userNameNorm,
    JSON.stringify(u.resource),
    u.seatType ?? "Contributor",
    u.status ?? "active",
  );

const insertToken = async (overrides: Partial<Pick<ScimToken, "expiresAt" | "revokedAt" | "revokedBy">>) =>
  db.execute(
    "INSERT INTO scim_tokens (id, name, token_hash, created_by, expires_at, revoked_at, revoked_by) VALUES (?, 'Okta', ?, 'ada@acme.example', ?, ?, ?)",
    newId(),
    newId(),
    overrides.expiresAt ?? null,
    overrides.revokedAt ?? null,
    overrides.revokedBy ?? null,
  );

describe("getOverview", () => {
  it("reports an empty install", async () => {
    expect(await getOverview(db, NOW)).toEqual({
      plan: null,
      domains: { total: 0, validated: 0 },
      activeTokens: 0,
      seats: { Member: 0, "Provisional Member": 0, Contributor: 0, Guest: 0, "No Access": 0 },
      deactivated: 0,
    });
  });

  it("counts seats of active users, deactivated users, validated domains and live tokens", async () => {
    await setPlan(db, { name: "Acme", primaryEmail: "it@acme.example" }, "test");
    for (const u of [
      user({ seatType: "Member" }),
      user({ seatType: "Member" }),
      user({ seatType: "Contributor" }),
      user({ seatType: "Guest" }),
      user({ seatType: "Member", status: "deactivated" }),
    ]) {
      await insertUser(u);
    }
    const insertDomain = "INSERT INTO domains (id, name, verification_value, verified_at, created_by) VALUES (?, ?, 'v', ?, 't')";
    await db.execute(insertDomain, newId(), "acme.example", NOW - 1);
    await db.execute(insertDomain, newId(), "pending.example", null);
    await insertToken({});
    await insertToken({ expiresAt: NOW + 1 });
    await insertToken({ expiresAt: NOW });
    await insertToken({ revokedAt: NOW - 5, revokedBy: "ada" });

    const overview = await getOverview(db, NOW);
    expect(overview.plan).toMatchObject({ name: "Acme", primaryEmail: "it@acme.example", scimEnabled: false, diEnabled: false });
    expect(overview.seats).toEqual({ Member: 2, "Provisional Member": 0, Contributor: 1, Guest: 1, "No Access": 0 });
    expect(overview.deactivated).toBe(1);
    expect(overview.domains).toEqual({ total: 2, validated: 1 });
    expect(overview.activeTokens).toBe(2);
  });
});
