import { databaseKeyOf, type Db } from "@/db/client";
import type { SeatType } from "@/db/schema";
import { decideAllSeats, toSeatChange, withUserNames, type SeatChange } from "./sync-user-seats";

const PAID: Record<SeatType, number> = {
  Member: 2,
  "Provisional Member": 1,
  Contributor: 0,
  Guest: 0,
  "No Access": 0,
};

/** A change to a higher rank adds a paid seat (or part of one); any other change removes or keeps paid seats. */
export const isUpgrade = (c: { from: SeatType; to: SeatType }): boolean => PAID[c.to] > PAID[c.from];

export interface ReevaluationPreview {
  upgrades: number;
  downgrades: number;
  unchanged: number;
  /** The first changes, upgrades first, for the confirmation (docs/product.md §3). */
  changes: SeatChange[];
}

/** Every change a full re-evaluation would make (without names), each direction in a stable order. */
export interface PendingSeatChanges {
  /** Active users decided. */
  total: number;
  /** Downgrades (paid seats removed, or no paid seat either side), the seat they leave by rank, then the user's id. */
  down: readonly SeatChange[];
  up: readonly SeatChange[];
}

interface CachedChanges {
  version: number;
  /** The decisions hold for any `now` in [validFrom, validUntil): no review period ends between. */
  validFrom: number;
  validUntil: number;
  changes: PendingSeatChanges;
}

/**
 * The last full re-evaluation per database file (a CSV download reads on a connection of its
 * own) or per connection for a database without a file. Deciding 100,000 seats takes about a
 * second; the preview is read page after page and tab after tab while nothing changes.
 */
const byFile = new Map<string, CachedChanges>();
const byConnection = new WeakMap<object, CachedChanges>();

const SEAT_INPUTS_SQL = "SELECT value FROM counters WHERE name = 'seat_inputs'";

/** The review period ends either side of `now`, bound twice: numbered placeholders (`?1`) are SQLite's own. */
const REVIEW_BOUNDS_SQL = `SELECT max(CASE WHEN review_ends_at <= ? THEN review_ends_at END) AS lo,
              min(CASE WHEN review_ends_at > ? THEN review_ends_at END) AS hi
         FROM users WHERE status = 'active' AND review_ends_at IS NOT NULL`;

/**
 * `seat_inputs` (migration 0011): triggers add one on every write to what decideSeat reads (a
 * user's seat columns, memberships, role mappings, a group's name), from every writer (the
 * server, the CLI, the sqlite3 shell). It starts at a random value, so two databases created
 * at the same path one after the other do not share a cache entry. Null before that migration:
 * then nothing is cached.
 */
async function seatInputsVersion(db: Db): Promise<number | null> {
  return (await db.row<{ value: number }>(SEAT_INPUTS_SQL))?.value ?? null;
}

/**
 * Everything a full re-evaluation with DI on would change now, decided again only when a seat
 * input changed since the last time (or `now` crossed a review period's end, which the
 * reasons name): a SCIM write or a mapping change shows at the next read. Read-only: never call
 * it inside a transaction that writes seat inputs and may roll back (a rolled-back counter would
 * name decisions that never committed).
 */
export async function listPendingSeatChanges(db: Db, now: number): Promise<PendingSeatChanges> {
  const file = db.location === ":memory:" || db.location === "" ? null : db.location;
  // Read before deciding: a write in between leaves the entry older than its version, never newer.
  const version = await seatInputsVersion(db);
  const cached = file === null ? byConnection.get(databaseKeyOf(db)) : byFile.get(file);
  if (version !== null && cached && cached.version === version && now >= cached.validFrom && now < cached.validUntil) {
    return cached.changes;
  }
  const { total, decided } = await decideAllSeats(db, true, now);
  const all = decided.filter((d) => d.decision.changed).map((d) => toSeatChange(d.row, d.decision));
  const order = (a: SeatChange, b: SeatChange) =>
    PAID[b.from] - PAID[a.from] || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
  const changes: PendingSeatChanges = {
    total,
    down: all.filter((c) => !isUpgrade(c)).sort(order),
    up: all.filter(isUpgrade).sort(order),
  };
  if (version !== null) {
    const bounds = (await db.row<{ lo: number | null; hi: number | null }>(REVIEW_BOUNDS_SQL, now, now))!;
    const entry = { version, validFrom: bounds.lo ?? -Infinity, validUntil: bounds.hi ?? Infinity, changes };
    if (file === null) byConnection.set(databaseKeyOf(db), entry);
    else byFile.set(file, entry);
  }
  return changes;
}

export function summariseChanges(changes: SeatChange[], total: number, limit: number): ReevaluationPreview {
  const upgrades = changes.filter(isUpgrade);
  const downgrades = changes.filter((c) => !isUpgrade(c));
  return {
    upgrades: upgrades.length,
    downgrades: downgrades.length,
    unchanged: total - changes.length,
    changes: [...upgrades, ...downgrades].slice(0, limit),
  };
}

/**
 * What a full re-evaluation with DI on would change, without writing anything: the preview
 * shown before DI is turned on and before `users reevaluate`.
 */
export async function previewReevaluation(db: Db, now: number, limit = 20): Promise<ReevaluationPreview> {
  const { total, down, up } = await listPendingSeatChanges(db, now);
  return {
    upgrades: up.length,
    downgrades: down.length,
    unchanged: total - up.length - down.length,
    changes: await withUserNames(db, [...up, ...down].slice(0, limit)),
  };
}
