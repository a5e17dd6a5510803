import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { seatSnapshots, type SeatSnapshot } from "@/db/schema";

const snapshots$ = columnsOf(seatSnapshots);
const SNAPSHOTS_SINCE = `SELECT ${snapshots$.list} FROM seat_snapshots WHERE day >= ? ORDER BY day`;

/** The daily seat counts of the last `days` days, oldest first, for the Overview chart. */
export async function listSeatSnapshots(db: Db, now: number, days = 90): Promise<SeatSnapshot[]> {
  const since = new Date(now - days * 86_400_000).toISOString().slice(0, 10);
  return (await db.rows(SNAPSHOTS_SINCE, since)).map(snapshots$.map);
}
