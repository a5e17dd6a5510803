"use server";

/**
 * Server actions of the Users screens: parse (zod), authorise (adminContext), delegate to
 * lib/, and map AppError to its message. Nothing here decides a rule.
 */
import { z } from "zod";
import { adminContext } from "@/app/_auth/require-admin";
import type {
  ActionResult,
  ActivityPageView,
  DiPreviewView,
  SeatPlanView,
  UserListView,
} from "@/app/(admin)/users/_components/types";
import { parseUserFilters } from "@/app/(admin)/users/_components/user-filters";
import { SEAT_TYPES } from "@/db/schema";
import { addGuest } from "@/lib/directory/add-guest";
import {
  deactivateUsersInBulk,
  MAX_BULK_USERS,
  planBulkDeactivation,
  planBulkSeatChange,
  setSeatsInBulk,
  type BulkOutcome,
} from "@/lib/directory/change-users-in-bulk";
import { checkDiPreconditions } from "@/lib/directory/check-di-preconditions";
import { deactivateUserByAdmin } from "@/lib/directory/deactivate-user-by-admin";
import { previewReevaluation } from "@/lib/directory/preview-reevaluation";
import { reactivateUser } from "@/lib/directory/reactivate-user";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { planSeatChange, setUserSeat } from "@/lib/directory/set-user-seat";
import { actionFailure, invalidInput } from "@/app/_server/action-failure";
import { requirePlan } from "@/lib/plan/get-plan";
import { loadUserHistory, loadUserList, toSeatPlan } from "./views";


const userIdSchema = z.string().trim().min(1, "Choose a user.").max(200);
const seatSchema = z.enum(SEAT_TYPES, { error: "Choose a seat type." });

/** One page of the users list for the filters in the page's URL, with the seat counters. */
export async function listUsersAction(search: string): Promise<ActionResult<{ list: UserListView }>> {
  const { db } = await adminContext();
  const parsed = z.string().max(2000).safeParse(search);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    return { ok: true, list: loadUserList(db, parseUserFilters(new URLSearchParams(parsed.data))) };
  } catch (error) {
    return actionFailure(error, "Loading the users");
  }
}

const BULK_ACTIONS = ["Contributor", "No Access", "deactivate"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

const bulkSchema = z.object({
  action: z.enum(BULK_ACTIONS, { error: "Choose what to do with the selected users." }),
  userIds: z
    .array(userIdSchema)
    .min(1, "Select at least one user.")
    .max(MAX_BULK_USERS, `Select at most ${MAX_BULK_USERS} users at once.`),
});

/** What a bulk action would do to each selected user, without saving. */
export async function planBulkAction(input: unknown): Promise<ActionResult<{ outcome: BulkOutcome }>> {
  const { db } = await adminContext();
  const parsed = bulkSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { action, userIds } = parsed.data;
  try {
    const outcome =
      action === "deactivate" ? planBulkDeactivation(db, userIds) : planBulkSeatChange(db, userIds, action, Date.now());
    return { ok: true, outcome };
  } catch (error) {
    return actionFailure(error, "Checking the selected users");
  }
}

/** Applies a bulk action user by user; each user gets a result. */
export async function applyBulkAction(input: unknown): Promise<ActionResult<{ outcome: BulkOutcome }>> {
  const { admin, db } = await adminContext();
  const parsed = bulkSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { action, userIds } = parsed.data;
  try {
    const now = Date.now();
    const outcome =
      action === "deactivate"
        ? deactivateUsersInBulk(db, userIds, admin.email, now)
        : setSeatsInBulk(db, userIds, action, admin.email, now);
    return { ok: true, outcome };
  } catch (error) {
    return actionFailure(error, "Changing the selected users");
  }
}

const guestSchema = z.object({ email: z.string().trim().min(1, "Enter the Guest's email address.").max(320) });

export async function addGuestAction(input: unknown): Promise<ActionResult<{ user: { id: string; userName: string } }>> {
  const { admin, db } = await adminContext();
  const parsed = guestSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const guest = addGuest(db, parsed.data.email, admin.email, Date.now());
    return { ok: true, user: { id: guest.id, userName: guest.userName } };
  } catch (error) {
    if (error instanceof z.ZodError) return invalidInput(error);
    return actionFailure(error, "Adding the Guest");
  }
}

const seatChangeSchema = z.object({ userId: userIdSchema, seat: seatSchema });

/** What changing this user's seat would do (the DI warning), or why it cannot be made here. */
export async function planSeatChangeAction(input: unknown): Promise<ActionResult<{ plan: SeatPlanView }>> {
  const { db } = await adminContext();
  const parsed = seatChangeSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    return { ok: true, plan: toSeatPlan(planSeatChange(db, parsed.data.userId, parsed.data.seat, Date.now())) };
  } catch (error) {
    return actionFailure(error, "Checking the seat change");
  }
}

const setSeatSchema = seatChangeSchema.extend({
  /** The admin confirmed DI's warning: the change is replaced at the next sync. */
  confirmOverride: z.boolean().default(false),
});

export async function setUserSeatAction(input: unknown): Promise<ActionResult<{ plan: SeatPlanView }>> {
  const { admin, db } = await adminContext();
  const parsed = setSeatSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { userId, seat, confirmOverride } = parsed.data;
  try {
    const now = Date.now();
    // The warning may be new since the admin looked (an IdP sync in between): ask again.
    const plan = planSeatChange(db, userId, seat, now);
    if (plan.pendingOverride && !confirmOverride) {
      return { ok: false, error: `${plan.warning ?? "Directory Integration will replace this change."} Confirm to save it anyway.` };
    }
    return { ok: true, plan: toSeatPlan(setUserSeat(db, userId, seat, admin.email, now)) };
  } catch (error) {
    return actionFailure(error, "Saving the seat");
  }
}

const userOnlySchema = z.object({ userId: userIdSchema });

export async function deactivateUserAction(input: unknown): Promise<ActionResult> {
  const { admin, db } = await adminContext();
  const parsed = userOnlySchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    deactivateUserByAdmin(db, parsed.data.userId, admin.email, Date.now());
    return { ok: true };
  } catch (error) {
    return actionFailure(error, "Deactivating the user");
  }
}

export async function reactivateUserAction(input: unknown): Promise<ActionResult<{ seat: string }>> {
  const { admin, db } = await adminContext();
  const parsed = userOnlySchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const user = reactivateUser(db, parsed.data.userId, admin.email, Date.now());
    return { ok: true, seat: user.seatType };
  } catch (error) {
    return actionFailure(error, "Reactivating the user");
  }
}

/** Step 1 of the guided reactivation (SPEC §3): DI off, SCIM answers 403 meanwhile. */
export async function turnDiOffAction(): Promise<ActionResult> {
  const { admin, db } = await adminContext();
  try {
    turnOffDirectoryIntegration(db, admin.email, Date.now());
    return { ok: true };
  } catch (error) {
    return actionFailure(error, "Turning Directory Integration off");
  }
}

/** What turning DI back on would change (step 3's confirmation). */
export async function previewDiOnAction(): Promise<ActionResult<{ preview: DiPreviewView }>> {
  const { db } = await adminContext();
  try {
    const plan = requirePlan(db);
    const unmet = checkDiPreconditions(db, plan)
      .filter((p) => !p.met)
      .map((p) => p.message);
    const preview = previewReevaluation(db, Date.now(), 10);
    return { ok: true, preview: { unmet, ...preview } };
  } catch (error) {
    return actionFailure(error, "Previewing Directory Integration");
  }
}

export async function turnDiOnAction(): Promise<ActionResult<{ preview: DiPreviewView }>> {
  const { admin, db } = await adminContext();
  try {
    const result = turnOnDirectoryIntegration(db, admin.email, Date.now());
    return { ok: true, preview: { unmet: [], ...result } };
  } catch (error) {
    return actionFailure(error, "Turning Directory Integration on");
  }
}

const historySchema = z.object({ userId: userIdSchema, page: z.number().int().min(1).max(1_000_000) });

export async function listUserHistoryAction(input: unknown): Promise<ActionResult<{ history: ActivityPageView }>> {
  const { db } = await adminContext();
  const parsed = historySchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    return { ok: true, history: loadUserHistory(db, parsed.data.userId, parsed.data.page) };
  } catch (error) {
    return actionFailure(error, "Loading the history");
  }
}
