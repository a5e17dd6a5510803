/**
 * A System Admin decides the changes the mass-deactivation breaker holds (README
 * "Mass-deactivation breaker"): **release** applies exactly the held requests now, bypassing the
 * breaker (a deactivation ends the user's sessions; a downgrade gets the seat DI decides now);
 * **discard** leaves the users as they are and logs that the identity provider was overruled,
 * and by whom. The trip clears when its last held change is decided.
 */
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import type { HeldChangeDecision } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { findUserById } from "@/lib/users/user-queries";
import { deactivateUser } from "./deactivate-user";
import { requireUser } from "./find-user";
import { decideHeldRows, describeRequested, openTripId, type DecidedRow } from "./mass-change-breaker";
import { syncUserSeats } from "./sync-user-seats";

export const heldSelectionSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ ids: z.array(z.string().min(1)).min(1, "choose at least one held change").max(100_000) }),
  z.object({ users: z.array(z.string().min(1)).min(1, "name at least one user").max(10_000) }),
]);
/** Every open held change, chosen rows (`ids`), or the open held changes of named users (id, email or userName). */
export type HeldSelection = z.infer<typeof heldSelectionSchema>;

export interface DecideOutcome {
  decision: Extract<HeldChangeDecision, "released" | "discarded">;
  /** Held changes decided now (those another admin decided first are not counted). */
  decided: number;
  /** Whether the trip cleared with this decision (nothing left held). */
  cleared: boolean;
}

const OPEN_HELD_IDS_SQL = "SELECT id FROM held_changes WHERE decided_at IS NULL";
const OPEN_HELD_ID_OF_USER_SQL = "SELECT id FROM held_changes WHERE user_id = ? AND decided_at IS NULL";

async function selectedIds(db: Db, selection: HeldSelection): Promise<string[]> {
  if ("all" in selection) return (await db.values<[string]>(OPEN_HELD_IDS_SQL)).map(([id]) => id);
  if ("ids" in selection) return [...new Set(selection.ids)];
  const ids: string[] = [];
  for (const name of selection.users) {
    const user = await requireUser(db, name);
    const row = await db.row<{ id: string }>(OPEN_HELD_ID_OF_USER_SQL, user.id);
    if (!row) throw new AppError("not_found", `${user.userName} has no held change: nothing to decide.`);
    ids.push(row.id);
  }
  return ids;
}

async function decide(
  db: Db,
  decision: DecideOutcome["decision"],
  input: HeldSelection,
  actor: string,
  now: number,
  apply: (tx: Db, rows: DecidedRow[]) => void | Promise<void>,
): Promise<DecideOutcome> {
  const selection = parseInput(heldSelectionSchema, input);
  return inTransaction(db, async (tx) => {
    const tripBefore = await openTripId(tx);
    if (tripBefore == null) {
      throw new AppError("conflict", "The breaker is not tripped: there are no held changes to decide.");
    }
    const rows = await decideHeldRows(tx, await selectedIds(tx, selection), decision, actor, now, (row) => entryOf(decision, row, actor, now));
    if (rows.length === 0 && "ids" in selection) {
      throw new AppError("conflict", "Those held changes were already decided (by another admin, or the identity provider took them back): reload the list.");
    }
    await apply(tx, rows);
    return { decision, decided: rows.length, cleared: await openTripId(tx) == null };
  });
}

function entryOf(decision: DecideOutcome["decision"], row: DecidedRow, actor: string, now: number) {
  const asked = describeRequested(row.kind, row.to_value);
  return {
    at: now,
    kind: "user" as const,
    actor,
    action: decision === "released" ? "breaker.released" : "breaker.discarded",
    userId: row.user_id,
    fromValue: row.from_value,
    toValue: decision === "released" ? row.to_value : row.from_value,
    reason:
      decision === "released"
        ? `${actor} released the identity provider's held request to ${asked} (asked by ${row.actor}): applied now`
        : `${actor} discarded the identity provider's held request to ${asked} (asked by ${row.actor}): the user stays as they were; the identity provider was overruled`,
    details: { tripId: row.trip_id, kind: row.kind, requestedBy: row.actor, heldAt: row.held_at },
  };
}

/** Release: the held requests apply now, as if the breaker had let them through, by the admin. */
export async function releaseHeldChanges(db: Db, selection: HeldSelection, actor: string, now: number): Promise<DecideOutcome> {
  return decide(db, "released", selection, actor, now, async (tx, rows) => {
    const cause = { kind: "admin", admin: actor } as const;
    const downgrades: string[] = [];
    for (const row of rows) {
      if (row.kind === "downgrade") {
        downgrades.push(row.user_id);
        continue;
      }
      const user = await findUserById(tx, row.user_id);
      if (user) await deactivateUser(tx, user, cause, now, { scimDelete: row.kind === "delete", releasedFrom: { actor: row.actor } });
    }
    // The seat DI decides now: the IdP's groups may have moved since the downgrade was held.
    if (downgrades.length > 0) await syncUserSeats(tx, downgrades, cause, now);
  });
}

/** Discard: nothing changes for the users; the log says the identity provider was overruled, by whom. */
export async function discardHeldChanges(db: Db, selection: HeldSelection, actor: string, now: number): Promise<DecideOutcome> {
  return decide(db, "discarded", selection, actor, now, () => {});
}
