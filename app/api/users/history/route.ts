import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { listUserHistory } from "@/lib/activity/list-user-history";

const query = z.object({
  userId: z.string().trim().min(1, "Choose a user.").max(200),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
});

/** One page of a user's history, for the user page's History card. */
export const GET = adminRoute(query, async (input, { db }) => listUserHistory(db, input), { failure: "Loading the history" });
