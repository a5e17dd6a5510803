import type { Db } from "@/db/client";
import { seatSnapshots } from "@/db/schema";
import { countSeats } from "./list-users";

/**
 * Keeps today's seat counts (UTC day) for the 90-day chart admins reconcile paid seats
 * against at true-up. Re-running on the same day updates that day's row.
 */
export function snapshotSeatCounts(db: Db, now: number): void {
  const c = countSeats(db);
  const row = {
    day: new Date(now).toISOString().slice(0, 10),
    members: c.Member,
    provisional: c["Provisional Member"],
    contributors: c.Contributor,
    guests: c.Guest,
    noAccess: c["No Access"],
    deactivated: c.deactivated,
  };
  db.insert(seatSnapshots).values(row).onConflictDoUpdate({ target: seatSnapshots.day, set: row }).run();
}
