import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { SEAT_TYPES } from "@/db/schema";
import { previewSeatChange } from "@/lib/directory/change-user-seat";

const query = z.object({
  userId: z.string().trim().min(1, "Choose a user.").max(200),
  seat: z.enum(SEAT_TYPES, { error: "Choose a seat type." }),
});

/** What changing this user's seat would do (the DI warning), or why it cannot be made here. */
export const GET = adminRoute(query, async ({ userId, seat }, { db }) => previewSeatChange(db, { userId, seat, now: Date.now() }), {
  failure: "Checking the seat change",
});
