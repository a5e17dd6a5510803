"use server";

/**
 * Server actions of the Users screens: each is adminAction (session, zod, one lib call).
 * Their reads are GET route handlers (app/api/users/…); Directory Integration on/off, which
 * the guided reactivation runs, are Security & Controls' actions.
 */
import { z } from "zod";
import { adminAction } from "@/app/_server/admin-action";
import { SEAT_TYPES } from "@/db/schema";
import { addGuest } from "@/lib/directory/add-guest";
import { MAX_BULK_USERS } from "@/lib/directory/change-users-in-bulk";
import { changeUserSeat } from "@/lib/directory/change-user-seat";
import { deactivateUserByAdmin } from "@/lib/directory/deactivate-user-by-admin";
import { reactivateUser } from "@/lib/directory/reactivate-user";
import { BULK_ACTIONS, planBulkAction as planBulk, runBulkAction } from "@/lib/directory/run-bulk-action";
import { planBulkJob } from "@/lib/directory/plan-bulk-job";
import { startBulkJob } from "@/lib/directory/start-bulk-job";
import { parseUserFilters, userFiltersToQuery } from "./_components/user-filters";

const userIdSchema = z.string().trim().min(1, "Choose a user.").max(200);
const seatSchema = z.enum(SEAT_TYPES, { error: "Choose a seat type." });

const bulkSchema = z.object({
  action: z.enum(BULK_ACTIONS, { error: "Choose what to do with the selected users." }),
  userIds: z
    .array(userIdSchema)
    .min(1, "Select at least one user.")
    .max(MAX_BULK_USERS, `Select at most ${MAX_BULK_USERS} users at once.`),
});

/**
 * What a bulk action would do to each selected user, without saving. A read, but an action
 * rather than a GET: up to MAX_BULK_USERS ids do not fit in a URL. It runs once when the
 * dialog opens, never polled.
 */
export const planBulkAction = adminAction(
  bulkSchema,
  async ({ action, userIds }, { db }) => planBulk(db, { action, userIds, now: Date.now() }),
  { failure: "Checking the selected users" },
);

/** Applies a bulk action user by user; each user gets a result. */
export const applyBulkAction = adminAction(
  bulkSchema,
  async ({ action, userIds }, { db, actor }) => runBulkAction(db, { action, userIds, actor, now: Date.now() }),
  { failure: "Changing the selected users" },
);

/**
 * "All users matching this filter": the Users page's URL filters (its query string), parsed as
 * leniently as the page parses them, so the job covers the list the admin is looking at.
 */
const matchingSchema = z.object({
  action: z.enum(BULK_ACTIONS, { error: "Choose what to do with the users." }),
  filters: z
    .string()
    .max(2000)
    .transform((search) => userFiltersToQuery(parseUserFilters(new URLSearchParams(search)))),
});

/**
 * What a bulk action over every matching user would do, checked on the server over the whole
 * set before anything changes. An action rather than a GET as planBulkAction is: it runs once
 * when the dialog opens.
 */
export const planBulkJobAction = adminAction(
  matchingSchema,
  async ({ action, filters }, { db }) => planBulkJob(db, { action, filter: filters, now: Date.now() }),
  { failure: "Checking the matching users" },
);

/** Starts the confirmed bulk action as a job in the server process; answers its id at once (the screen polls its progress). */
export const startBulkJobAction = adminAction(
  matchingSchema.extend({ expectedTotal: z.number().int().min(1, "No user matches this filter: nothing to do.") }),
  async ({ action, filters, expectedTotal }, { db, admin, actor }) => {
    const { job } = await startBulkJob(
      db,
      { action, filter: filters, expectedTotal, adminId: admin.id, actor, clock: Date.now },
      { onError: (error) => console.error("A bulk action over the matching users failed:", error) },
    );
    return { jobId: job.id };
  },
  { failure: "Starting the bulk action" },
);

const guestSchema = z.object({ email: z.string().trim().min(1, "Enter the Guest's email address.").max(320) });

export const addGuestAction = adminAction(
  guestSchema,
  async ({ email }, { db, actor }) => {
    const guest = await addGuest(db, email, actor, Date.now());
    return { id: guest.id, userName: guest.userName };
  },
  { failure: "Adding the Guest" },
);

const setSeatSchema = z.object({
  userId: userIdSchema,
  seat: seatSchema,
  /** The admin confirmed DI's warning: the change is replaced at the next sync. */
  confirmOverride: z.boolean().default(false),
});

export const setUserSeatAction = adminAction(
  setSeatSchema,
  async (input, { db, actor }) => changeUserSeat(db, { ...input, actor, now: Date.now() }),
  { failure: "Saving the seat" },
);

const userOnlySchema = z.object({ userId: userIdSchema });

export const deactivateUserAction = adminAction(
  userOnlySchema,
  async ({ userId }, { db, actor }) => {
    await deactivateUserByAdmin(db, userId, actor, Date.now());
    return null;
  },
  { failure: "Deactivating the user" },
);

export const reactivateUserAction = adminAction(
  userOnlySchema,
  async ({ userId }, { db, actor }) => ({ seat: (await reactivateUser(db, userId, actor, Date.now())).seatType }),
  { failure: "Reactivating the user" },
);
