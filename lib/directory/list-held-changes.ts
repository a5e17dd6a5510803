/**
 * Reads of the changes the mass-deactivation breaker holds: the Held changes screen (a page at a
 * time: a wave holds thousands), the CLI, a user's page, and SCIM's rendering of the held state.
 */
import { LIMIT_OFFSET, type Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import type { HeldChangeDecision, HeldChangeKind } from "@/db/schema";
import { describeRequested, openTripId } from "./mass-change-breaker";

export interface HeldChangeView {
  id: string;
  tripId: number;
  userId: string;
  userName: string;
  displayName: string | null;
  kind: HeldChangeKind;
  fromValue: string;
  toValue: string;
  /** What the IdP asked, in words ("deactivate the user"). */
  requested: string;
  method: string | null;
  path: string | null;
  tokenId: string | null;
  /** The token's name when held ("SCIM token 'Okta'"). */
  actor: string;
  heldAt: number;
  updatedAt: number;
  decision: HeldChangeDecision | null;
  decidedAt: number | null;
  decidedBy: string | null;
}

interface HeldRow {
  id: string;
  trip_id: number;
  user_id: string;
  user_name: string;
  display_name: string | null;
  kind: HeldChangeKind;
  from_value: string;
  to_value: string;
  method: string | null;
  path: string | null;
  token_id: string | null;
  actor: string;
  held_at: number;
  updated_at: number;
  decision: HeldChangeDecision | null;
  decided_at: number | null;
  decided_by: string | null;
}

const COLUMNS = `h.id, h.trip_id, h.user_id, u.user_name, u.display_name, h.kind, h.from_value, h.to_value, h.method, h.path,
  h.token_id, h.actor, h.held_at, h.updated_at, h.decision, h.decided_at, h.decided_by`;

function viewOf(r: HeldRow): HeldChangeView {
  return {
    id: r.id,
    tripId: r.trip_id,
    userId: r.user_id,
    userName: r.user_name,
    displayName: r.display_name,
    kind: r.kind,
    fromValue: r.from_value,
    toValue: r.to_value,
    requested: describeRequested(r.kind, r.to_value),
    method: r.method,
    path: r.path,
    tokenId: r.token_id,
    actor: r.actor,
    heldAt: r.held_at,
    updatedAt: r.updated_at,
    decision: r.decision,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
  };
}

export interface HeldChangesPage {
  rows: HeldChangeView[];
  /** Rows listed (the trip's, or only its open ones), and those still open. */
  total: number;
  open: number;
  page: number;
  pageSize: number;
}

const HELD_COUNTS_SQL =
  "SELECT count(*) AS total, coalesce(sum(CASE WHEN decided_at IS NULL THEN 1 ELSE 0 END), 0) AS open FROM held_changes WHERE trip_id = ?";
const HELD_PAGE_SQL = `SELECT ${COLUMNS} FROM held_changes h JOIN users u ON u.id = h.user_id
      WHERE h.trip_id = ? ORDER BY h.held_at, h.id ${LIMIT_OFFSET}`;
const OPEN_HELD_PAGE_SQL = `SELECT ${COLUMNS} FROM held_changes h JOIN users u ON u.id = h.user_id
      WHERE h.trip_id = ? AND h.decided_at IS NULL ORDER BY h.held_at, h.id ${LIMIT_OFFSET}`;
const HELD_OF_USER_SQL = `SELECT ${COLUMNS} FROM held_changes h JOIN users u ON u.id = h.user_id WHERE h.user_id = ? AND h.decided_at IS NULL`;

/** One trip's held changes in the order they were held (held_changes_trip_idx), a page at a time. */
export async function listHeldChanges(db: Db, options: { tripId: number; page?: number; pageSize?: number; openOnly?: boolean }): Promise<HeldChangesPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 100, 1), 500);
  const counts = (await db.row<{ total: number; open: number }>(HELD_COUNTS_SQL, options.tripId))!;
  const listed = options.openOnly ? counts.open : counts.total;
  const pages = Math.max(1, Math.ceil(listed / pageSize));
  const page = Math.min(Math.max(options.page ?? 1, 1), pages);
  const rows = await db.rows<HeldRow>(options.openOnly ? OPEN_HELD_PAGE_SQL : HELD_PAGE_SQL, options.tripId, pageSize, (page - 1) * pageSize);
  return { rows: rows.map(viewOf), total: listed, open: counts.open, page, pageSize };
}

/** The user's open held change, if the breaker holds one for them (a user's page). */
export async function findHeldChangeOfUser(db: Db, userId: string): Promise<HeldChangeView | null> {
  if (await openTripId(db) == null) return null;
  const row = await db.row<HeldRow>(HELD_OF_USER_SQL, userId);
  return row ? viewOf(row) : null;
}

/** What SCIM shows of a held change in the seat extension (`heldChange`). */
export interface HeldState {
  kind: HeldChangeKind;
  requested: string;
  heldAt: number;
}

const HELD_STATE_SQL = "SELECT user_id, kind, to_value, held_at FROM held_changes WHERE user_id = ? AND decided_at IS NULL";
const HELD_STATES_SQL = bothEngines(
  (d) => `SELECT user_id, kind, to_value, held_at FROM held_changes WHERE user_id IN ${d.jsonTextValues("?")} AND decided_at IS NULL`,
);

/**
 * The held state of the users a SCIM response renders: nothing is read unless a trip is open
 * (one read of the trips table's last row, or `openTrip` when the caller read it already:
 * undefined reads it), then one query for the whole page.
 */
export function heldStatesOf(db: Db, userIds: readonly string[], openTrip?: number | null): Promise<Map<string, HeldState>> {
  // No open trip (what almost every SCIM read finds, told by the token's statement): nothing is held, and no async call is made.
  if (userIds.length === 0 || openTrip === null) return Promise.resolve(new Map());
  return readHeldStates(db, userIds, openTrip);
}

async function readHeldStates(db: Db, userIds: readonly string[], openTrip: number | undefined): Promise<Map<string, HeldState>> {
  const states = new Map<string, HeldState>();
  if ((openTrip === undefined ? await openTripId(db) : openTrip) == null) return states;
  type Row = { user_id: string; kind: HeldChangeKind; to_value: string; held_at: number };
  const rows =
    userIds.length === 1 ? await db.rows<Row>(HELD_STATE_SQL, userIds[0]!) : await db.rows<Row>(HELD_STATES_SQL, JSON.stringify(userIds));
  for (const r of rows) states.set(r.user_id, { kind: r.kind, requested: r.to_value, heldAt: r.held_at });
  return states;
}
