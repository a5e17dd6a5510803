/**
 * The DI sync (docs/product.md §3): recompute seats from roles for some users, or all of them, and
 * write what changed with its reason in the activity log, in the caller's transaction.
 *
 * Rows are read with fixed SQL statements (prepared once per connection) and changes written
 * with one UPDATE each: a re-evaluation of 100,000 users must finish in seconds.
 */
import type { Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import type { SeatSetter, SeatType, UserStatus, Role } from "@/db/schema";
import {
  decodeDirectGrants,
  evaluateSeat,
  groupGrant,
  type RoleGrant,
  type SeatDecision,
} from "@/lib/seats";
import { recordActivities, type ActivityEntry } from "../activity/record-activity";
import { admitCountedChanges, openHeldRowsOf, openTripId, supersedeHeldChanges } from "./mass-change-breaker";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";

export interface SeatRow {
  id: string;
  /** Read only where a change is shown; a full re-evaluation leaves them out (see below). */
  user_name?: string;
  display_name?: string | null;
  status: UserStatus;
  seat_type: SeatType;
  seat_set_by: SeatSetter;
  pending_override: number;
  review_ends_at: number | null;
  direct_roles: string;
}

export interface SeatChange {
  userId: string;
  userName: string;
  displayName: string | null;
  from: SeatType;
  to: SeatType;
  reason: string;
}

/** A row read without names (a full re-evaluation) gets them from withUserNames, for the few shown. */
export function toSeatChange(row: SeatRow, decision: SeatDecision): SeatChange {
  return {
    userId: row.id,
    userName: row.user_name ?? "",
    displayName: row.display_name ?? null,
    from: row.seat_type,
    to: decision.seat,
    reason: decision.reason,
  };
}

const USER_NAMES_SQL = bothEngines((d) => `SELECT id, user_name, display_name FROM users WHERE id IN ${d.jsonTextValues("?")}`);

/** The changes with their users' names, read in one query (a preview shows the first few). */
export async function withUserNames(db: Db, changes: SeatChange[]): Promise<SeatChange[]> {
  if (changes.length === 0) return changes;
  const names = new Map(
    (await db
      .rows<{ id: string; user_name: string; display_name: string | null }>(USER_NAMES_SQL, JSON.stringify(changes.map((c) => c.userId))))
      .map((r) => [r.id, r]),
  );
  return changes.map((c) => {
    const row = names.get(c.userId);
    return row ? { ...c, userName: row.user_name, displayName: row.display_name } : c;
  });
}

const SEAT_COLUMNS =
  "users.id, users.user_name, users.display_name, users.status, users.seat_type, users.seat_set_by, users.pending_override, users.review_ends_at, users.direct_roles";
const SEAT_ROW_SQL = `SELECT ${SEAT_COLUMNS} FROM users WHERE users.id = ?`;
const SEAT_ROWS_SQL = bothEngines((d) => `SELECT ${SEAT_COLUMNS} FROM users WHERE users.id IN ${d.jsonTextValues("?")}`);

const GROUP_GRANTS_SQL = `SELECT gm.user_id AS "userId", m.role AS "role", g.id AS "groupId", g.display_name AS "groupName"
       FROM group_role_mappings m
       JOIN groups g ON g.id = m.group_id
       JOIN group_members gm ON gm.group_id = m.group_id`;
const USER_GROUP_GRANTS_SQL = `${GROUP_GRANTS_SQL} WHERE gm.user_id = ?`;
const USERS_GROUP_GRANTS_SQL = bothEngines((d) => `${GROUP_GRANTS_SQL} WHERE gm.user_id IN ${d.jsonTextValues("?")}`);

/** Roles granted through mapped groups, per user (docs/product.md §2.3, way 3). */
export async function groupGrantsOf(db: Db, userIds: string[] | "all"): Promise<Map<string, RoleGrant[]>> {
  type Row = { userId: string; role: Role; groupId: string; groupName: string };
  // One user (every SCIM user write) is the hot case: a plain equality, no json_each.
  const rows =
    userIds === "all"
      ? await db.rows<Row>(GROUP_GRANTS_SQL)
      : userIds.length === 1
        ? await db.rows<Row>(USER_GROUP_GRANTS_SQL, userIds[0]!)
        : await db.rows<Row>(USERS_GROUP_GRANTS_SQL, JSON.stringify(userIds));
  const byUser = new Map<string, RoleGrant[]>();
  for (const r of rows) {
    const list = byUser.get(r.userId);
    const grant = groupGrant(r.role, r.groupId, r.groupName);
    if (list) list.push(grant);
    else byUser.set(r.userId, [grant]);
  }
  return byUser;
}

const DI_ENABLED_SQL = "SELECT di_enabled FROM plan WHERE id = 1";

export async function isDiEnabled(db: Db): Promise<boolean> {
  return (await db.row<{ di_enabled: number }>(DI_ENABLED_SQL))?.di_enabled === 1;
}

export function decideSeat(
  row: SeatRow,
  groupGrants: RoleGrant[] | undefined,
  diEnabled: boolean,
  now: number,
): SeatDecision {
  const direct = decodeDirectGrants(row.direct_roles);
  return evaluateSeat({
    status: row.status,
    currentSeat: row.seat_type,
    seatSetBy: row.seat_set_by,
    pendingOverride: row.pending_override === 1,
    grants: groupGrants ? [...direct, ...groupGrants] : direct,
    diEnabled,
    reviewEndsAt: row.review_ends_at,
    now,
  });
}

/** The activity entry of one seat decision (none when it changes nothing); see applySeatDecisions. */
function seatEntryOf(
  row: SeatRow,
  decision: SeatDecision,
  actor: string,
  details: Record<string, unknown>,
  now: number,
  provisioned: boolean,
): ActivityEntry | null {
  if (provisioned) {
    return { at: now, kind: "seat", actor, action: "seat.provisioned", userId: row.id, toValue: decision.seat, reason: decision.reason, details };
  }
  if (!decision.changed && !decision.clearsPendingOverride) return null;
  const action = !decision.changed ? "seat.override_confirmed" : decision.clearsPendingOverride ? "seat.override_replaced" : "seat.changed";
  return { at: now, kind: "seat", actor, action, userId: row.id, fromValue: row.seat_type, toValue: decision.seat, reason: decision.reason, details };
}

const SEAT_UPDATE_SQL = `UPDATE users SET seat_type = ?, seat_set_by = ?, pending_override = 0,
    review_started_at = CASE WHEN ? = 1 THEN NULL ELSE review_started_at END,
    review_ends_at = CASE WHEN ? = 1 THEN NULL ELSE review_ends_at END,
    version = version + 1, updated_at = ?
  WHERE id = ?`;
const SEAT_SETTLE_SQL = "UPDATE users SET seat_set_by = ?, pending_override = 0 WHERE id = ?";

/**
 * Writes the decisions that change anything and logs the seat changes. Returns the seat
 * changes (from → to) made.
 *
 * `provisioned`: the users were created by this very request. Their stored seat is only the
 * insert's placeholder (Contributor), so the log says what they were provisioned as
 * (`seat.provisioned`, no "from"), changed or not, instead of "Contributor → Member".
 */
export async function applySeatDecisions(
  db: Db,
  decided: { row: SeatRow; decision: SeatDecision }[],
  cause: SeatCause,
  now: number,
  { provisioned = false }: { provisioned?: boolean } = {},
): Promise<SeatChange[]> {
  const changes: SeatChange[] = [];
  const entries: ActivityEntry[] = [];
  const actor = actorOf(cause);
  const details = causeDetails(cause);
  for (const { row, decision } of decided) {
    if (decision.changed) {
      const ends = decision.endsReview ? 1 : 0;
      await db.execute(SEAT_UPDATE_SQL, decision.seat, decision.seatSetBy, ends, ends, now, row.id);
      changes.push(toSeatChange(row, decision));
    } else if (decision.clearsPendingOverride && !provisioned) {
      // An unchanged seat is not rewritten just to say DI now decides it (that is derived:
      // effectiveSeatSetter in lib/seats); a confirmed manual change is.
      await db.execute(SEAT_SETTLE_SQL, decision.seatSetBy, row.id);
    }
    const entry = seatEntryOf(row, decision, actor, details, now, provisioned);
    if (entry) entries.push(entry);
  }
  await recordActivities(db, entries);
  return changes;
}

/**
 * Syncs the given users (a SCIM write touched them). Call inside the write's transaction;
 * `provisioned` when the write created them (see applySeatDecisions).
 */
export async function syncUserSeats(db: Db, userIds: string[], cause: SeatCause, now: number, options: { provisioned?: boolean } = {}): Promise<SeatChange[]> {
  if (userIds.length === 0) return [];
  const diEnabled = await isDiEnabled(db);
  const rows =
    userIds.length === 1 ? await db.rows<SeatRow>(SEAT_ROW_SQL, userIds[0]!) : await db.rows<SeatRow>(SEAT_ROWS_SQL, JSON.stringify(userIds));
  const grants = await groupGrantsOf(db, userIds);
  const decided = rows.map((row) => ({ row, decision: decideSeat(row, grants.get(row.id), diEnabled, now) }));
  return applySeatDecisions(db, cause.kind === "scim" ? await passBreaker(db, decided, cause, now) : decided, cause, now, options);
}

type Decided = { row: SeatRow; decision: SeatDecision };

const isDowngradeFromMember = ({ row, decision }: Decided): boolean =>
  decision.changed && row.status === "active" && row.seat_type === "Member" && decision.seat !== "Member";

/**
 * The mass-deactivation breaker's part of a SCIM sync (mass-change-breaker.ts): downgrades from
 * Member are counted, and past the threshold held rather than applied (one group PATCH removing
 * 5,000 people from a licensed group applies the first ones and holds the rest). While a trip is
 * open, a held downgrade the sync no longer makes (the IdP re-added the person) is superseded.
 * The common case, no downgrade and nothing held, costs one read of the trips table's last row.
 */
async function passBreaker(db: Db, decided: Decided[], cause: SeatCause, now: number): Promise<Decided[]> {
  const downgrades = decided.filter(isDowngradeFromMember);
  if (await openTripId(db) != null) {
    const downgraded = new Set(downgrades.map((d) => d.row.id));
    const takenBack = [...(await openHeldRowsOf(db, decided.map((d) => d.row.id))).values()]
      .filter((held) => held.kind === "downgrade" && !downgraded.has(held.user_id))
      .map((held) => held.user_id);
    if (takenBack.length > 0) await supersedeHeldChanges(db, takenBack, cause, now);
  }
  if (downgrades.length === 0) return decided;
  const admitted = await admitCountedChanges(
    db,
    cause,
    downgrades.map(({ row, decision }) => ({ userId: row.id, kind: "downgrade", from: row.seat_type, to: decision.seat, reason: decision.reason })),
    now,
  );
  if (admitted.length === downgrades.length) return decided;
  const applied = new Set(admitted.map((c) => c.userId));
  return decided.filter((d) => !isDowngradeFromMember(d) || applied.has(d.row.id));
}

const ALL_SEAT_ROWS_SQL = bothEngines((d) => `SELECT id, status, seat_type, seat_set_by, pending_override, review_ends_at, direct_roles
       FROM users${d.indexedBy("users_seat_idx")} WHERE status = 'active'`);

/**
 * A full re-evaluation's decisions: every active user is decided, and those DI changes
 * (or whose pending manual change it settles) are returned with the number decided.
 *
 * The rows come from users_seat_idx alone, which holds every column the seat engine reads
 * (db/schema.ts): a pass over that index instead of the table's rows with their JSON
 * (bench: 99,000 users read in 0.3 s instead of 0.7 s cold). Names are read for the
 * changes that are shown (withUserNames).
 */
export async function decideAllSeats(
  db: Db,
  diEnabled: boolean,
  now: number,
): Promise<{ total: number; decided: { row: SeatRow; decision: SeatDecision }[] }> {
  const grants = await groupGrantsOf(db, "all");
  const decided: { row: SeatRow; decision: SeatDecision }[] = [];
  let total = 0;
  // Batches, not rows: one await per BATCH_ROWS users (an await per row cost a re-evaluation of 100,000 users a fifth more).
  for await (const batch of db.batches<SeatRow>(ALL_SEAT_ROWS_SQL)) {
    for (const row of batch) {
      total++;
      const decision = decideSeat(row, grants.get(row.id), diEnabled, now);
      if (decision.changed || decision.clearsPendingOverride) decided.push({ row, decision });
    }
  }
  return { total, decided };
}

/** What one SCIM user write's seat sync applies with the row: the decision (none when held or unchanged) and its entries. */
export interface PlannedSeatSync {
  /** The decision the write's own statement applies; null when it changes no seat column. */
  decision: SeatDecision | null;
  /** To record once the row is written (recordActivities), as applySeatDecisions would. */
  entries: ActivityEntry[];
}

/**
 * One user's DI sync for a SCIM write, decided before the write stores the row, so the row's new
 * values and the seat are one statement (the INSERT of a create, the UPDATE of a PUT or PATCH)
 * instead of the write and then syncUserSeats' own UPDATE: each UPDATE naming seat_type,
 * direct_roles or updated_at rewrites those index entries again (users_seat_idx,
 * users_seat_rank_idx, users_updated_at_idx), and every page a write dirties is a WAL frame at
 * COMMIT. Same decision, breaker and entries as syncUserSeats, given the row as it will be stored:
 * `row` carries the direct roles the write stores. `provisioned`: the row is a create's, not yet
 * inserted, so it has no group memberships, no held change and cannot be a downgrade from Member
 * (its seat is the insert's placeholder).
 */
export async function planUserSeatSync(
  db: Db,
  row: SeatRow,
  cause: SeatCause & { kind: "scim" },
  now: number,
  { provisioned = false, diEnabled }: { provisioned?: boolean; diEnabled?: boolean | undefined } = {},
): Promise<PlannedSeatSync> {
  const grants = provisioned ? undefined : (await groupGrantsOf(db, [row.id])).get(row.id);
  const decided = [{ row, decision: decideSeat(row, grants, diEnabled ?? await isDiEnabled(db), now) }];
  const [kept] = provisioned ? decided : await passBreaker(db, decided, cause, now);
  if (!kept) return { decision: null, entries: [] };
  const entry = seatEntryOf(row, kept.decision, actorOf(cause), causeDetails(cause), now, provisioned);
  const applies = kept.decision.changed || (kept.decision.clearsPendingOverride && !provisioned);
  return { decision: applies ? kept.decision : null, entries: entry ? [entry] : [] };
}

/**
 * The SET assignments (with their values) that apply a planned decision inside the write's own
 * UPDATE, the same columns applySeatDecisions writes; the write bumps version and updated_at.
 */
export function seatAssignmentsOf(decision: SeatDecision | null): { sets: string[]; params: unknown[] } {
  if (!decision) return { sets: [], params: [] };
  if (!decision.changed) return { sets: ["seat_set_by = ?", "pending_override = 0"], params: [decision.seatSetBy] };
  const sets = ["seat_type = ?", "seat_set_by = ?", "pending_override = 0"];
  if (decision.endsReview) sets.push("review_started_at = NULL", "review_ends_at = NULL");
  return { sets, params: [decision.seat, decision.seatSetBy] };
}
