import { inTransaction, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { recordActivity } from "../activity/record-activity";
import { summariseChanges, type ReevaluationPreview } from "./preview-reevaluation";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";
import { applySeatDecisions, decideAllSeats, isDiEnabled, withUserNames } from "./sync-user-seats";

/**
 * docs/product.md §3: a full re-evaluation of every active user, in one transaction: when DI is
 * turned on, and when an admin asks for it. Only meaningful while DI is on.
 */
export function reevaluateAllUsers(db: Db, cause: SeatCause, now: number): ReevaluationPreview {
  return inTransaction(db, () => {
    if (!isDiEnabled(db)) {
      throw new AppError(
        "conflict",
        "Directory Integration is off, so there is nothing to re-evaluate: seats are managed by hand. Turn DI on first (its preview shows what would change).",
      );
    }
    const { total, decided } = decideAllSeats(db, true, now);
    const changes = applySeatDecisions(db, decided, cause, now);
    const summary = summariseChanges(changes, total, 20);
    recordActivity(db, {
      at: now,
      kind: "seat",
      actor: actorOf(cause),
      action: "seat.reevaluated",
      reason: `Re-evaluated ${total} active users: ${summary.upgrades} up, ${summary.downgrades} down, ${summary.unchanged} unchanged`,
      details: { ...causeDetails(cause), upgrades: summary.upgrades, downgrades: summary.downgrades, unchanged: summary.unchanged },
    });
    return { ...summary, changes: withUserNames(db, summary.changes) };
  });
}
