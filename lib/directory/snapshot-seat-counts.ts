import type { Db } from "@/db/client";
import { countSeats } from "./list-users";

const SNAPSHOT_SQL = `INSERT INTO seat_snapshots (day, members, provisional, contributors, guests, no_access, deactivated)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (day) DO UPDATE SET members = excluded.members, provisional = excluded.provisional, contributors = excluded.contributors,
    guests = excluded.guests, no_access = excluded.no_access, deactivated = excluded.deactivated`;

/**
 * Keeps today's seat counts (UTC day) for the 90-day chart admins reconcile paid seats
 * against at true-up. Re-running on the same day updates that day's row.
 */
export async function snapshotSeatCounts(db: Db, now: number): Promise<void> {
  const c = await countSeats(db);
  const day = new Date(now).toISOString().slice(0, 10);
  await db.execute(SNAPSHOT_SQL, day, c.Member, c["Provisional Member"], c.Contributor, c.Guest, c["No Access"], c.deactivated);
}
