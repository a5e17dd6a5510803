import { inTransaction, type Db } from "@/db/client";
import { SEAT_TYPES, type SeatType } from "@/db/schema";
import { getPlan } from "@/lib/plan/get-plan";

export interface Overview {
  plan: {
    name: string;
    primaryEmail: string;
    scimEnabled: boolean;
    diEnabled: boolean;
    autoUpgrade: boolean;
    uapEnabled: boolean;
  } | null;
  domains: { total: number; validated: number };
  activeTokens: number;
  /** Active users by seat type. */
  seats: Record<SeatType, number>;
  deactivated: number;
}

export type ProvisioningSetup = Omit<Overview, "seats" | "deactivated">;

/** The Overview page's figures, read in one snapshot. */
export async function getOverview(db: Db, now: number = Date.now()): Promise<Overview> {
  return inTransaction(db, async (tx) => {
    const setup = await getProvisioningSetup(tx, now);
    const seats = Object.fromEntries(SEAT_TYPES.map((seat) => [seat, 0])) as Record<SeatType, number>;
    let deactivated = 0;
    // The `users:<status>:<seat_type>:<source>` counters (migration 0010, kept by triggers): a
    // few rows instead of counting 100,000 users on every Overview.
    const counted = await tx.rows<{ name: string; value: number }>(
      "SELECT name, value FROM counters WHERE name >= 'users:' AND name < 'users;'",
    );
    for (const { name, value } of counted) {
      const [, status, seat] = name.split(":");
      if (status === "active" && seat !== undefined && seat in seats) seats[seat as SeatType] += value;
      else if (status === "deactivated") deactivated += value;
    }
    return { ...setup, seats, deactivated };
  }, "deferred");
}

/**
 * The plan, its domains and active tokens without the seat counts (the setup checklist's
 * inputs): counting 100,000 users by seat is the Overview's cost, and the checklist, on every
 * Security & Controls page, needs none of it.
 */
export async function getProvisioningSetup(db: Db, now: number = Date.now()): Promise<ProvisioningSetup> {
  return inTransaction(db, async (tx) => {
    const plan = await getPlan(tx);
    const domainCounts = await tx.row<{ total: number; validated: number }>(
      "SELECT count(*) AS total, count(verified_at) AS validated FROM domains",
    );
    const activeTokens =
      (await tx.row<{ n: number }>(
        "SELECT count(*) AS n FROM scim_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
        now,
      ))?.n ?? 0;
    return {
      plan: plan
        ? {
            name: plan.name,
            primaryEmail: plan.primaryEmail,
            scimEnabled: plan.scimEnabled,
            diEnabled: plan.diEnabled,
            autoUpgrade: plan.autoUpgrade,
            uapEnabled: plan.uapEnabled,
          }
        : null,
      domains: { total: domainCounts?.total ?? 0, validated: domainCounts?.validated ?? 0 },
      activeTokens,
    };
  }, "deferred");
}
