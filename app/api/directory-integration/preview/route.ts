import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { previewDirectoryIntegration } from "@/lib/directory/preview-directory-integration";

const query = z.object({
  /** How many changes to list (the counts cover every user). */
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** docs/product.md §3: what turning DI on (or re-evaluating everyone) would change, and what still stops it. */
export const GET = adminRoute(query, ({ limit }, { db }) => previewDirectoryIntegration(db, { now: Date.now(), limit }), {
  failure: "Previewing Directory Integration",
});
