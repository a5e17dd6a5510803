import { gte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { seatSnapshots, type SeatSnapshot } from "@/db/schema";

/** The daily seat counts of the last `days` days, oldest first, for the Overview chart. */
export function listSeatSnapshots(db: Db, now: number, days = 90): SeatSnapshot[] {
  const since = new Date(now - days * 86_400_000).toISOString().slice(0, 10);
  return db.select().from(seatSnapshots).where(gte(seatSnapshots.day, since)).orderBy(seatSnapshots.day).all();
}
