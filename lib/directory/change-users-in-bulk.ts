import type { Db } from "@/db/client";
import type { SeatType, User } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { findUserById } from "@/lib/users/user-queries";
import { deactivateUserByAdmin } from "./deactivate-user-by-admin";
import { planSeatChange, setUserSeat, type SeatChangePlan } from "./set-user-seat";

/** At most one page of the user list is acted on at once. */
export const MAX_BULK_USERS = 500;

/** One user's outcome of a bulk action: what happens (or happened), or why not. */
export type BulkUserResult =
  | {
      userId: string;
      userName: string;
      ok: true;
      /** The seat the user holds (a deactivated user keeps it on record). */
      from: SeatType;
      to: SeatType | "deactivated";
      /** Nothing to do: the user already holds that seat. */
      unchanged: boolean;
      /** DI will replace the change at the next sync (docs/product.md §3); `warning` says with what. */
      pendingOverride: boolean;
      warning: string | null;
    }
  | { userId: string; userName: string; ok: false; error: string };

export interface BulkOutcome {
  results: BulkUserResult[];
  /** Users changed (or, for a plan, that would change). */
  changed: number;
  unchanged: number;
  refused: number;
  /** Of `changed`, those DI will replace at the next sync. */
  pendingOverride: number;
}

function summarise(results: BulkUserResult[]): BulkOutcome {
  let changed = 0;
  let unchanged = 0;
  let refused = 0;
  let pendingOverride = 0;
  for (const r of results) {
    if (!r.ok) refused += 1;
    else if (r.unchanged) unchanged += 1;
    else {
      changed += 1;
      if (r.pendingOverride) pendingOverride += 1;
    }
  }
  return { results, changed, unchanged, refused, pendingOverride };
}

async function each(
  db: Db,
  userIds: readonly string[],
  fn: (user: User) => BulkUserResult | Promise<BulkUserResult>,
): Promise<BulkOutcome> {
  const results: BulkUserResult[] = [];
  for (const id of new Set(userIds)) {
    const user = await findUserById(db, id);
    if (!user) {
      results.push({ userId: id, userName: id, ok: false, error: "This user no longer exists." });
      continue;
    }
    try {
      results.push(await fn(user));
    } catch (error) {
      // A refusal is the lib's message a person can act on; anything else is a bug.
      if (!isAppError(error)) throw error;
      results.push({ userId: user.id, userName: user.userName, ok: false, error: error.message });
    }
  }
  return summarise(results);
}

const seatResult = (plan: SeatChangePlan): BulkUserResult => ({
  userId: plan.user.id,
  userName: plan.user.userName,
  ok: true,
  from: plan.from,
  to: plan.to,
  unchanged: plan.from === plan.to,
  pendingOverride: plan.pendingOverride,
  warning: plan.warning,
});

/**
 * What a bulk seat change would do to each user, without saving: every user is checked
 * with `planSeatChange`, so refusals carry the "where to act" answer (docs/product.md §3).
 */
export async function planBulkSeatChange(db: Db, userIds: readonly string[], to: SeatType, now: number): Promise<BulkOutcome> {
  return each(db, userIds, async (user) => seatResult(await planSeatChange(db, user.id, to, now)));
}

/**
 * Saves a bulk seat change user by user: each user's change is its own transaction, so
 * one refusal does not undo the others, and every user gets a result.
 */
export async function setSeatsInBulk(
  db: Db,
  userIds: readonly string[],
  to: SeatType,
  actor: string,
  now: number,
): Promise<BulkOutcome> {
  return each(db, userIds, async (user) => seatResult(await setUserSeat(db, user.id, to, actor, now)));
}

/** What a bulk deactivation would do: already deactivated users are left as they are. */
export async function planBulkDeactivation(db: Db, userIds: readonly string[]): Promise<BulkOutcome> {
  return each(db, userIds, (user) => deactivationResult(user, user.status === "deactivated"));
}

/** Deactivates each user (sessions end, seat freed, docs/product.md §3); per-user results. */
export async function deactivateUsersInBulk(db: Db, userIds: readonly string[], actor: string, now: number): Promise<BulkOutcome> {
  return each(db, userIds, async (user) => {
    if (user.status === "deactivated") return deactivationResult(user, true);
    await deactivateUserByAdmin(db, user.id, actor, now);
    return deactivationResult(user, false);
  });
}

function deactivationResult(user: User, already: boolean): BulkUserResult {
  return {
    userId: user.id,
    userName: user.userName,
    ok: true,
    from: user.seatType,
    to: "deactivated",
    unchanged: already,
    pendingOverride: false,
    warning: null,
  };
}
