import type { Db } from "@/db/client";
import { activity, type NewActivity } from "@/db/schema";

export type ActivityEntry = Omit<NewActivity, "id" | "at"> & { at?: number };

/** Appends one entry to the activity log (SPEC §7). Call inside the caller's transaction. */
export function recordActivity(db: Db, entry: ActivityEntry): void {
  db.insert(activity).values({ ...entry, at: entry.at ?? Date.now() }).run();
}

/** Appends many entries in one statement batch (a group push can change 1,000 seats). */
export function recordActivities(db: Db, entries: ActivityEntry[]): void {
  if (entries.length === 0) return;
  const at = Date.now();
  // SQLite caps bound parameters per statement; 15 columns × 500 rows stays under 32,766.
  for (let i = 0; i < entries.length; i += 500) {
    db.insert(activity)
      .values(entries.slice(i, i + 500).map((e) => ({ ...e, at: e.at ?? at })))
      .run();
  }
}
