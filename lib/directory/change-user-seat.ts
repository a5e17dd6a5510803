import type { Db } from "@/db/client";
import type { SeatType } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { planSeatChange, setUserSeat, type SeatChangePlan } from "./set-user-seat";

/** A seat change plan as the Admin Center shows it: without the user's row. */
export type SeatPlanSummary = Omit<SeatChangePlan, "user">;

export const summariseSeatPlan = ({ user: _user, ...plan }: SeatChangePlan): SeatPlanSummary => plan;

/** What changing this user's seat would do (DI's warning), or an AppError saying why it cannot be made here. */
export async function previewSeatChange(db: Db, options: { userId: string; seat: SeatType; now: number }): Promise<SeatPlanSummary> {
  return summariseSeatPlan(await planSeatChange(db, options.userId, options.seat, options.now));
}

export interface ChangeUserSeatOptions {
  userId: string;
  seat: SeatType;
  /** The admin confirmed DI's warning: the change becomes a pending override, replaced at the next sync. */
  confirmOverride: boolean;
  actor: string;
  now: number;
}

/**
 * An admin's seat change from the Admin Center (docs/product.md §3): a change DI will replace is saved
 * only once the admin confirmed its warning. The plan is made again here because the
 * warning may be new since the admin looked (an IdP sync in between).
 */
export async function changeUserSeat(db: Db, { userId, seat, confirmOverride, actor, now }: ChangeUserSeatOptions): Promise<SeatPlanSummary> {
  const plan = await planSeatChange(db, userId, seat, now);
  if (plan.pendingOverride && !confirmOverride) {
    throw new AppError("conflict", `${plan.warning ?? "Directory Integration will replace this change."} Confirm to save it anyway.`);
  }
  return summariseSeatPlan(await setUserSeat(db, userId, seat, actor, now));
}
