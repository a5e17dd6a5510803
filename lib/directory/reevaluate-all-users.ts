import { inTransaction, type Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import type { SeatDecision } from "@/lib/seats";
import { AppError } from "@/lib/errors";
import { recordActivity } from "../activity/record-activity";
import { summariseChanges, type ReevaluationPreview } from "./preview-reevaluation";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";
import { decideAllSeats, isDiEnabled, toSeatChange, withUserNames, type SeatChange, type SeatRow } from "./sync-user-seats";

/**
 * The writes of a full re-evaluation, each one statement over a JSON array of the decided rows.
 * A statement that fires triggers keeps a statement journal of every page it changes; one
 * UPDATE or INSERT per user (applySeatDecisions) wrote those pages again for each of 7,000
 * users, to a temporary file (strace, 100k database: 251,000 pwrite calls; one statement for
 * all: 34,000). The rows written, the triggers fired and the activity rows with their order
 * are those applySeatDecisions writes.
 */
export const REEVALUATION_SEAT_UPDATE = bothEngines((d) => `UPDATE users SET seat_type = ${d.jsonItem("d", 1)}, seat_set_by = ${d.jsonItem("d", 2)}, pending_override = 0,
    review_started_at = CASE WHEN ${d.jsonItemIsTrue("d", 3)} THEN NULL ELSE review_started_at END,
    review_ends_at = CASE WHEN ${d.jsonItemIsTrue("d", 3)} THEN NULL ELSE review_ends_at END,
    version = version + 1, updated_at = ?
  FROM ${d.jsonRowsTable("?", "d")} WHERE users.id = ${d.jsonItem("d", 0)}`);
/** A confirmed manual change: the seat is unchanged and not rewritten, only who decides it. */
export const REEVALUATION_SETTLE_UPDATE = bothEngines((d) => `UPDATE users SET seat_set_by = ${d.jsonItem("d", 1)}, pending_override = 0
  FROM ${d.jsonRowsTable("?", "d")} WHERE users.id = ${d.jsonItem("d", 0)}`);
export const REEVALUATION_ACTIVITY_INSERT = bothEngines((d) => `INSERT INTO activity (at, kind, actor, action, user_id, from_value, to_value, reason, details)
  SELECT ${d.typedParam("bigint")}, 'seat', ${d.typedParam("text")}, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, ${d.typedParam("text")} FROM ${d.jsonRowsTable("?")} ORDER BY key`);

async function applyReevaluation(db: Db, decided: { row: SeatRow; decision: SeatDecision }[], cause: SeatCause, now: number): Promise<SeatChange[]> {
  const seats: unknown[] = [];
  const settled: unknown[] = [];
  const entries: unknown[] = [];
  const changes: SeatChange[] = [];
  for (const { row, decision } of decided) {
    if (decision.changed) {
      seats.push([row.id, decision.seat, decision.seatSetBy, decision.endsReview ? 1 : 0]);
      changes.push(toSeatChange(row, decision));
      entries.push([decision.clearsPendingOverride ? "seat.override_replaced" : "seat.changed", row.id, row.seat_type, decision.seat, decision.reason]);
    } else if (decision.clearsPendingOverride) {
      settled.push([row.id, decision.seatSetBy]);
      entries.push(["seat.override_confirmed", row.id, row.seat_type, decision.seat, decision.reason]);
    }
  }
  if (seats.length > 0) await db.execute(REEVALUATION_SEAT_UPDATE, now, JSON.stringify(seats));
  if (settled.length > 0) await db.execute(REEVALUATION_SETTLE_UPDATE, JSON.stringify(settled));
  if (entries.length > 0) {
    await db.execute(REEVALUATION_ACTIVITY_INSERT, now, actorOf(cause), JSON.stringify(causeDetails(cause)), JSON.stringify(entries));
  }
  return changes;
}

/**
 * docs/product.md §3: a full re-evaluation of every active user, in one transaction: when DI is
 * turned on, and when an admin asks for it. Only meaningful while DI is on.
 */
export async function reevaluateAllUsers(db: Db, cause: SeatCause, now: number): Promise<ReevaluationPreview> {
  return inTransaction(db, async (tx) => {
    if (!await isDiEnabled(tx)) {
      throw new AppError(
        "conflict",
        "Directory Integration is off, so there is nothing to re-evaluate: seats are managed by hand. Turn DI on first (its preview shows what would change).",
      );
    }
    const { total, decided } = await decideAllSeats(tx, true, now);
    const changes = await applyReevaluation(tx, decided, cause, now);
    const summary = summariseChanges(changes, total, 20);
    await recordActivity(tx, {
      at: now,
      kind: "seat",
      actor: actorOf(cause),
      action: "seat.reevaluated",
      reason: `Re-evaluated ${total} active users: ${summary.upgrades} up, ${summary.downgrades} down, ${summary.unchanged} unchanged`,
      details: { ...causeDetails(cause), upgrades: summary.upgrades, downgrades: summary.downgrades, unchanged: summary.unchanged },
    });
    return { ...summary, changes: await withUserNames(tx, summary.changes) };
  });
}
