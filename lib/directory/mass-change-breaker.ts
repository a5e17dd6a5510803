/**
 * The mass-deactivation breaker (issue 14 §1, README "Mass-deactivation breaker"): SCIM
 * deactivations, SCIM deletes and DI downgrades from Member caused by SCIM are counted in a
 * sliding window (`breaker_window`); the change that would take the count past the threshold
 * trips the breaker, and it and every later one are held (`held_changes`) for a System Admin
 * instead of applied. Admins, the scheduler and the CLI are never counted nor held.
 *
 * This file is the gate the write paths (deactivate-user.ts, sync-user-seats.ts) call, and the
 * trip's bookkeeping; deciding held changes is decide-held-changes.ts (which calls those write
 * paths back, so it cannot live here).
 */
import type { Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import type { HeldChangeDecision, HeldChangeKind } from "@/db/schema";
import { newId } from "@/lib/ids";
import { clearAlert, raiseAlert } from "@/lib/alerts/raise-alert";
import { recordActivities, recordActivity, type ActivityEntry } from "../activity/record-activity";
import { actorOf, type SeatCause } from "./seat-cause";

const MINUTE = 60_000;

/** One change the breaker counts: what the IdP's request would do to one user. */
export interface CountedChange {
  userId: string;
  kind: HeldChangeKind;
  /** Status or seat before ("active", "Member") and what the request makes it ("deactivated", "Contributor"). */
  from: string;
  to: string;
  reason: string | null;
}

export interface BreakerSettings {
  enabled: boolean;
  percent: number;
  minPeople: number;
  windowMinutes: number;
}

interface LatestTrip {
  id: number;
  cleared_at: number | null;
}

const LATEST_TRIP_SQL = "SELECT id, cleared_at FROM breaker_trips ORDER BY id DESC LIMIT 1";

/**
 * The latest trip, which is the only one that can be open (a new one is made only when none
 * is): a read of the table's last row, so the hot path pays next to nothing when nothing is held.
 */
async function latestTrip(db: Db): Promise<LatestTrip | undefined> {
  return db.row<LatestTrip>(LATEST_TRIP_SQL);
}

/**
 * openTripId as a scalar subquery, for a statement that reads it with other things (the SCIM
 * service's first statement of a read, lib/scim/handler.ts): NULL when no trip is open.
 */
export const OPEN_TRIP_ID_SUBQUERY = "(SELECT CASE WHEN cleared_at IS NULL THEN id END FROM breaker_trips ORDER BY id DESC LIMIT 1)";

/** The open trip's id, or null: the one cheap check SCIM rendering makes before looking for held changes. */
export async function openTripId(db: Db): Promise<number | null> {
  const trip = await latestTrip(db);
  return trip && trip.cleared_at == null ? trip.id : null;
}

const BREAKER_SETTINGS_SQL = "SELECT breaker_enabled, breaker_percent, breaker_min_people, breaker_window_minutes FROM plan WHERE id = 1";

export async function readBreakerSettings(db: Db): Promise<BreakerSettings> {
  const row = await db.row<{ breaker_enabled: number; breaker_percent: number; breaker_min_people: number; breaker_window_minutes: number }>(
    BREAKER_SETTINGS_SQL,
  );
  return {
    enabled: row ? row.breaker_enabled === 1 : false,
    percent: row?.breaker_percent ?? 2,
    minPeople: row?.breaker_min_people ?? 25,
    windowMinutes: row?.breaker_window_minutes ?? 10,
  };
}

const ACTIVE_USERS_SQL = "SELECT coalesce(sum(value), 0) AS n FROM counters WHERE name >= 'users:active:' AND name < 'users:active;'";

/** Active users, from the trigger-kept counters (migration 0010): no count over 100,000 rows. */
export async function countActiveUsers(db: Db): Promise<number> {
  return (await db.row<{ n: number }>(ACTIVE_USERS_SQL))!.n;
}

/**
 * How many counted changes the window may hold before the breaker trips: more than
 * max(min people, percent of the active users) trips it. `activeUsers` is the count when the
 * window began (those still active plus those the window deactivated), so the threshold does
 * not shrink under the very wave it measures.
 */
export function breakerThreshold(settings: Pick<BreakerSettings, "percent" | "minPeople">, activeUsers: number): number {
  return Math.max(settings.minPeople, Math.ceil((settings.percent * activeUsers) / 100));
}

export interface BreakerWindowState {
  /** Counted changes applied in the window (since the last trip cleared, if later). */
  applied: number;
  appliedDeactivations: number;
  activeUsers: number;
  threshold: number;
  windowStart: number;
}

const WINDOW_COUNTS_SQL =
  "SELECT count(*) AS n, coalesce(sum(CASE WHEN kind <> 'downgrade' THEN 1 ELSE 0 END), 0) AS d FROM breaker_window WHERE at >= ?";

export async function readBreakerWindow(db: Db, settings: BreakerSettings, now: number, knownTrip?: Awaited<ReturnType<typeof latestTrip>>): Promise<BreakerWindowState> {
  const trip = knownTrip ?? (await latestTrip(db));
  // A wave an admin has decided is over: what the next wave counts starts after it.
  // Inclusive: a change made in the very millisecond an admin cleared the trip is the next wave's.
  const windowStart = Math.max(now - settings.windowMinutes * MINUTE + 1, trip?.cleared_at ?? 0);
  const counts = (await db.row<{ n: number; d: number }>(WINDOW_COUNTS_SQL, windowStart))!;
  const activeUsers = await countActiveUsers(db) + counts.d;
  return {
    applied: counts.n,
    appliedDeactivations: counts.d,
    activeUsers,
    threshold: breakerThreshold(settings, activeUsers),
    windowStart,
  };
}

/** The window's changes counted off breaker_window_at_idx alone (no row read per change). */
export const WINDOW_COUNT_SQL = "SELECT count(*) FROM breaker_window WHERE at >= ?";

/**
 * Whether `incoming` more changes certainly stay under the threshold, from the count alone: the
 * threshold grows with the active users, and readBreakerWindow adds the window's deactivations to
 * them, so the threshold without them is the lowest it can be. The full read (which also reads each
 * change's kind from its row: ~0.15 µs a change, 2% of 100,000 users counted per change near the
 * threshold) is left for the changes that may not fit.
 */
async function fitsUnderThreshold(db: Db, settings: BreakerSettings, now: number, trip: LatestTrip | undefined, incoming: number): Promise<boolean> {
  const windowStart = Math.max(now - settings.windowMinutes * MINUTE + 1, trip?.cleared_at ?? 0);
  const applied = (await db.values<[number]>(WINDOW_COUNT_SQL, windowStart))[0]![0];
  return applied + incoming <= breakerThreshold(settings, await countActiveUsers(db));
}

const KIND_WEIGHT: Record<HeldChangeKind, number> = { downgrade: 1, deactivate: 2, delete: 3 };

interface OpenHeldRow {
  id: string;
  user_id: string;
  kind: HeldChangeKind;
}

const OPEN_HELD_ROW_SQL = "SELECT id, user_id, kind FROM held_changes WHERE user_id = ? AND decided_at IS NULL";
const OPEN_HELD_ROWS_SQL = bothEngines(
  (d) => `SELECT id, user_id, kind FROM held_changes WHERE user_id IN ${d.jsonTextValues("?")} AND decided_at IS NULL`,
);

/** Open held changes of these users (only ever called while a trip is open). */
export async function openHeldRowsOf(db: Db, userIds: readonly string[]): Promise<Map<string, OpenHeldRow>> {
  if (userIds.length === 0) return new Map();
  const rows =
    userIds.length === 1
      ? await db.rows<OpenHeldRow>(OPEN_HELD_ROW_SQL, userIds[0]!)
      : await db.rows<OpenHeldRow>(OPEN_HELD_ROWS_SQL, JSON.stringify(userIds));
  return new Map(rows.map((r) => [r.user_id, r]));
}

function splitRequestPath(cause: SeatCause): { method: string | null; path: string | null } {
  if (cause.kind !== "scim" || !cause.requestPath) return { method: null, path: null };
  const space = cause.requestPath.indexOf(" ");
  return space < 0
    ? { method: null, path: cause.requestPath }
    : { method: cause.requestPath.slice(0, space), path: cause.requestPath.slice(space + 1) };
}

/** "deactivate this user", "change the seat Member → Contributor": what the IdP asked, as the log says it. */
export function describeRequested(kind: HeldChangeKind, to: string): string {
  switch (kind) {
    case "deactivate":
      return "deactivate the user";
    case "delete":
      return "delete the user (deactivate)";
    case "downgrade":
      return `change the seat to ${to}`;
  }
}

const HOLD_INSERT_SQL = `INSERT INTO held_changes (id, trip_id, user_id, kind, from_value, to_value, reason, method, path, token_id, actor, held_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const HOLD_REPLACE_SQL = `UPDATE held_changes SET kind = ?, from_value = ?, to_value = ?, reason = ?, method = ?, path = ?, token_id = ?, actor = ?, updated_at = ?
      WHERE id = ?`;
const HOLD_TOUCH_SQL = "UPDATE held_changes SET updated_at = ?, method = ?, path = ?, token_id = ?, actor = ? WHERE id = ?";

/**
 * Holds the changes in the open trip: a user's open row is updated by a repeat (Entra re-sends
 * its PATCH each cycle), and a stronger request (a delete after a deactivation, a deactivation
 * after a downgrade) replaces a weaker one; a weaker one leaves the row as it is.
 */
async function holdChanges(db: Db, tripId: number, changes: readonly CountedChange[], cause: SeatCause, now: number): Promise<void> {
  const open = await openHeldRowsOf(db, changes.map((c) => c.userId));
  const { method, path } = splitRequestPath(cause);
  const tokenId = cause.kind === "scim" ? cause.tokenId : null;
  const actor = actorOf(cause);
  const entries: ActivityEntry[] = [];
  for (const change of changes) {
    const existing = open.get(change.userId);
    if (!existing) {
      await db.execute(HOLD_INSERT_SQL, newId(), tripId, change.userId, change.kind, change.from, change.to, change.reason, method, path, tokenId, actor, now, now);
    } else if (KIND_WEIGHT[change.kind] >= KIND_WEIGHT[existing.kind]) {
      await db.execute(HOLD_REPLACE_SQL, change.kind, change.from, change.to, change.reason, method, path, tokenId, actor, now, existing.id);
      // A repeat of the same request is the IdP retrying: one entry for the first is enough.
      if (change.kind === existing.kind) continue;
    } else {
      await db.execute(HOLD_TOUCH_SQL, now, method, path, tokenId, actor, existing.id);
      continue;
    }
    entries.push({
      at: now,
      kind: "user",
      actor,
      action: "breaker.held",
      userId: change.userId,
      fromValue: change.from,
      toValue: change.to,
      reason: `Held by the mass-deactivation breaker: the identity provider asked to ${describeRequested(change.kind, change.to)}; nothing changes until a System Admin releases or discards it (Security & Controls > Held changes)`,
      details: { tripId, kind: change.kind, ...(method ? { request: `${method} ${path}` } : {}) },
    });
  }
  await recordActivities(db, entries);
}

const WINDOW_INSERT_SQL = "INSERT INTO breaker_window (at, user_id, kind) VALUES (?, ?, ?)";

async function recordWindow(db: Db, changes: readonly CountedChange[], now: number): Promise<void> {
  for (const change of changes) await db.execute(WINDOW_INSERT_SQL, now, change.userId, change.kind);
}

const TRIP_INSERT_SQL = `INSERT INTO breaker_trips (tripped_at, window_minutes, threshold, active_users, changes_in_window)
     VALUES (?, ?, ?, ?, ?) RETURNING id`;

async function trip(db: Db, settings: BreakerSettings, window: BreakerWindowState, now: number): Promise<number> {
  const tripId = (await db.row<{ id: number }>(TRIP_INSERT_SQL, now, settings.windowMinutes, window.threshold, window.activeUsers, window.threshold + 1))!.id;
  const summary = `The mass-deactivation breaker tripped: the identity provider asked for more than ${window.threshold} deactivations or downgrades from Member within ${settings.windowMinutes} minutes. Further ones are held until a System Admin releases or discards them.`;
  await recordActivity(db, {
    at: now,
    kind: "settings",
    actor: "system",
    action: "breaker.tripped",
    toValue: "tripped",
    reason: summary,
    details: { tripId, threshold: window.threshold, activeUsers: window.activeUsers, windowMinutes: settings.windowMinutes, percent: settings.percent, minPeople: settings.minPeople },
  });
  await raiseAlert(
    db,
    {
      event: "breaker.tripped",
      key: `breaker.tripped:${tripId}`,
      summary,
      details: { tripId, threshold: window.threshold, activeUsers: window.activeUsers, windowMinutes: settings.windowMinutes },
      link: "/security/held-changes",
    },
    now,
  );
  return tripId;
}

/**
 * The gate: of the counted changes one SCIM request would make, those to apply now; the rest
 * are held (and the breaker tripped when this request crosses the threshold). Changes from
 * anyone but the IdP pass untouched and uncounted. Call inside the write's transaction.
 */
export async function admitCountedChanges(db: Db, cause: SeatCause, changes: CountedChange[], now: number): Promise<CountedChange[]> {
  if (cause.kind !== "scim" || changes.length === 0) return changes;
  const settings = await readBreakerSettings(db);
  const latest = await latestTrip(db);
  const openTrip = latest && latest.cleared_at == null ? latest.id : null;
  if (!settings.enabled) {
    // Off: nothing is held; a change the IdP makes now also answers what it asked before.
    if (openTrip != null) await supersedeHeldChanges(db, changes.map((c) => c.userId), cause, now);
    await recordWindow(db, changes, now);
    return changes;
  }
  if (openTrip != null) {
    await holdChanges(db, openTrip, changes, cause, now);
    return [];
  }
  if (await fitsUnderThreshold(db, settings, now, latest, changes.length)) {
    await recordWindow(db, changes, now);
    return changes;
  }
  const window = await readBreakerWindow(db, settings, now, latest);
  const room = Math.max(0, window.threshold - window.applied);
  const admitted = changes.length <= room ? changes : changes.slice(0, room);
  await recordWindow(db, admitted, now);
  if (admitted.length === changes.length) return changes;
  const tripId = await trip(db, settings, window, now);
  await holdChanges(db, tripId, changes.slice(room), cause, now);
  return admitted;
}

/**
 * The IdP took its request back (re-activated the user, re-added them so DI says Member again),
 * or a later request of its was applied: their open held rows are decided as superseded.
 */
export async function supersedeHeldChanges(db: Db, userIds: readonly string[], cause: SeatCause, now: number): Promise<number> {
  const open = await openHeldRowsOf(db, userIds);
  if (open.size === 0) return 0;
  return (await decideHeldRows(db, [...open.values()].map((r) => r.id), "superseded", actorOf(cause), now, (row) => ({
    at: now,
    kind: "user",
    actor: actorOf(cause),
    action: "breaker.superseded",
    userId: row.user_id,
    fromValue: row.to_value,
    toValue: row.from_value,
    reason: `The identity provider took back its held request to ${describeRequested(row.kind, row.to_value)}: nothing to release`,
    details: { tripId: row.trip_id, kind: row.kind },
  }))).length;
}

/**
 * The IdP says the user is active after all (active:true in a PUT or PATCH) while their
 * deactivation is held: the held request is superseded. Cheap unless a trip is open.
 */
export async function withdrawHeldDeactivation(db: Db, userId: string, cause: SeatCause, now: number): Promise<void> {
  if (await openTripId(db) == null) return;
  const held = (await openHeldRowsOf(db, [userId])).get(userId);
  if (held && held.kind !== "downgrade") await supersedeHeldChanges(db, [userId], cause, now);
}

/** A held row as the deciding code reads it. */
export interface DecidedRow {
  id: string;
  trip_id: number;
  user_id: string;
  kind: HeldChangeKind;
  from_value: string;
  to_value: string;
  actor: string;
  held_at: number;
}

const DECIDE_HELD_SQL = bothEngines((d) => `UPDATE held_changes SET decision = ?, decided_at = ?, decided_by = ?
      WHERE id IN ${d.jsonTextValues("?")} AND decided_at IS NULL
      RETURNING id, trip_id, user_id, kind, from_value, to_value, actor, held_at`);

/**
 * Marks open rows decided (rows already decided are skipped, so two admins deciding the same row
 * at once decide it once), logs one entry each, and clears the trips left with nothing open.
 * Returns the rows it decided.
 */
export async function decideHeldRows(
  db: Db,
  ids: readonly string[],
  decision: HeldChangeDecision,
  decidedBy: string,
  now: number,
  entryOf: (row: DecidedRow) => ActivityEntry | null,
): Promise<DecidedRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.rows<DecidedRow>(DECIDE_HELD_SQL, decision, now, decidedBy, JSON.stringify(ids));
  const entries: ActivityEntry[] = [];
  for (const row of rows) {
    const entry = entryOf(row);
    if (entry) entries.push(entry);
  }
  await recordActivities(db, entries);
  for (const tripId of new Set(rows.map((r) => r.trip_id))) await settleTrip(db, tripId, decidedBy, now);
  return rows;
}

const TRIP_OPEN_SQL = "SELECT 1 FROM held_changes WHERE trip_id = ? AND decided_at IS NULL LIMIT 1";
const TRIP_CLEAR_SQL = "UPDATE breaker_trips SET cleared_at = ?, cleared_by = ? WHERE id = ? AND cleared_at IS NULL";
const TRIP_OUTCOME_SQL = `SELECT coalesce(sum(CASE WHEN decision = 'released' THEN 1 ELSE 0 END), 0) AS released,
    coalesce(sum(CASE WHEN decision = 'discarded' THEN 1 ELSE 0 END), 0) AS discarded,
    coalesce(sum(CASE WHEN decision = 'superseded' THEN 1 ELSE 0 END), 0) AS superseded
  FROM held_changes WHERE trip_id = ?`;

/** Clears the trip once nothing of it is open: the banner goes, the alert clears, the next wave can trip it again. */
async function settleTrip(db: Db, tripId: number, actor: string, now: number): Promise<void> {
  if (await db.row(TRIP_OPEN_SQL, tripId)) return;
  if ((await db.execute(TRIP_CLEAR_SQL, now, actor, tripId)).changes === 0) return;
  const counts = (await db.row<{ released: number; discarded: number; superseded: number }>(TRIP_OUTCOME_SQL, tripId))!;
  await recordActivity(db, {
    at: now,
    kind: "settings",
    actor,
    action: "breaker.cleared",
    fromValue: "tripped",
    toValue: "cleared",
    reason: `Every held change is decided (${counts.released} released, ${counts.discarded} discarded, ${counts.superseded} taken back by the identity provider): changes from the identity provider flow again`,
    details: { tripId, ...counts },
  });
  await clearAlert(db, `breaker.tripped:${tripId}`, now);
}

const WINDOW_PRUNE_SQL = "DELETE FROM breaker_window WHERE at <= ?";

/** Drops window rows no window can reach any more (the scheduler; cheap when there are none). */
export async function pruneBreakerWindow(db: Db, now: number): Promise<number> {
  const { windowMinutes } = await readBreakerSettings(db);
  return (await db.execute(WINDOW_PRUNE_SQL, now - windowMinutes * MINUTE)).changes;
}
