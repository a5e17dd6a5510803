/**
 * The mass-deactivation breaker as the Admin Center and the CLI show it: its settings, how full
 * the window is, the open trip (if any) and the past trips with their outcome.
 */
import type { Db } from "@/db/client";
import type { BreakerTrip } from "@/db/schema";
import { readBreakerSettings, readBreakerWindow, type BreakerSettings } from "./mass-change-breaker";

export interface TripView extends BreakerTrip {
  held: number;
  open: number;
  released: number;
  discarded: number;
  superseded: number;
}

export interface BreakerStatus {
  settings: BreakerSettings;
  /** Counted changes applied in the window now, and how many trip it. */
  window: { applied: number; threshold: number; activeUsers: number };
  trip: TripView | null;
}

interface TripRow {
  id: number;
  tripped_at: number;
  window_minutes: number;
  threshold: number;
  active_users: number;
  changes_in_window: number;
  cleared_at: number | null;
  cleared_by: string | null;
  held: number;
  open: number;
  released: number;
  discarded: number;
  superseded: number;
}

const TRIP_SELECT = `SELECT t.*,
    (SELECT count(*) FROM held_changes h WHERE h.trip_id = t.id) AS held,
    (SELECT count(*) FROM held_changes h WHERE h.trip_id = t.id AND h.decided_at IS NULL) AS open,
    (SELECT count(*) FROM held_changes h WHERE h.trip_id = t.id AND h.decision = 'released') AS released,
    (SELECT count(*) FROM held_changes h WHERE h.trip_id = t.id AND h.decision = 'discarded') AS discarded,
    (SELECT count(*) FROM held_changes h WHERE h.trip_id = t.id AND h.decision = 'superseded') AS superseded
  FROM breaker_trips t`;
const LATEST_TRIP_SQL = `${TRIP_SELECT} ORDER BY t.id DESC LIMIT 1`;
const PAST_TRIPS_SQL = `${TRIP_SELECT} WHERE t.cleared_at IS NOT NULL ORDER BY t.id DESC LIMIT ?`;

function viewOf(r: TripRow): TripView {
  return {
    id: r.id,
    trippedAt: r.tripped_at,
    windowMinutes: r.window_minutes,
    threshold: r.threshold,
    activeUsers: r.active_users,
    changesInWindow: r.changes_in_window,
    clearedAt: r.cleared_at,
    clearedBy: r.cleared_by,
    held: r.held,
    open: r.open,
    released: r.released,
    discarded: r.discarded,
    superseded: r.superseded,
  };
}

export async function getBreakerStatus(db: Db, now: number): Promise<BreakerStatus> {
  const settings = await readBreakerSettings(db);
  const latest = await db.row<TripRow>(LATEST_TRIP_SQL);
  const window = await readBreakerWindow(db, settings, now);
  return {
    settings,
    window: { applied: window.applied, threshold: window.threshold, activeUsers: window.activeUsers },
    trip: latest && latest.cleared_at == null ? viewOf(latest) : null,
  };
}

/** Trips that cleared, newest first, with what became of their held changes. */
export async function listPastTrips(db: Db, limit = 20): Promise<TripView[]> {
  return (await db.rows<TripRow>(PAST_TRIPS_SQL, limit)).map(viewOf);
}

const LATEST_TRIP_STATE_SQL = "SELECT id, cleared_at FROM breaker_trips ORDER BY id DESC LIMIT 1";
const HELD_NOW_SQL = "SELECT count(*) AS n FROM held_changes WHERE trip_id = ? AND decided_at IS NULL";

/** How many changes are held now: 0 without reading held_changes when no trip is open (every admin page's banner). */
export async function countHeldNow(db: Db): Promise<number> {
  const latest = await db.row<{ id: number; cleared_at: number | null }>(LATEST_TRIP_STATE_SQL);
  if (!latest || latest.cleared_at != null) return 0;
  return (await db.row<{ n: number }>(HELD_NOW_SQL, latest.id))!.n;
}
