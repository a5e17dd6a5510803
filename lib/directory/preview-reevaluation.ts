import type { Db } from "@/db/client";
import type { SeatType } from "@/db/schema";
import { decideAllSeats, toSeatChange, withUserNames, type SeatChange } from "./sync-user-seats";

const PAID: Record<SeatType, number> = {
  Member: 2,
  "Provisional Member": 1,
  Contributor: 0,
  Guest: 0,
  "No Access": 0,
};

export interface ReevaluationPreview {
  upgrades: number;
  downgrades: number;
  unchanged: number;
  /** The first changes, upgrades first, for the confirmation (docs/product.md §3). */
  changes: SeatChange[];
}

export function summariseChanges(changes: SeatChange[], total: number, limit: number): ReevaluationPreview {
  const upgrades = changes.filter((c) => PAID[c.to] > PAID[c.from]);
  const downgrades = changes.filter((c) => PAID[c.to] <= PAID[c.from]);
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
export function previewReevaluation(db: Db, now: number, limit = 20): ReevaluationPreview {
  const { total, decided } = decideAllSeats(db, true, now);
  const changes = decided.filter((d) => d.decision.changed).map((d) => toSeatChange(d.row, d.decision));
  const summary = summariseChanges(changes, total, limit);
  return { ...summary, changes: withUserNames(db, summary.changes) };
}
