import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { listGroups } from "@/lib/directory/list-groups";

const query = z.object({ search: z.string().trim().max(200).optional() });

/** The pushed groups (and their mappings) matching the Groups page's search. */
export const GET = adminRoute(query, async ({ search }, { db }) => listGroups(db, search || undefined), {
  failure: "Listing groups",
  invalid: "The search text is too long (200 characters at most).",
});
