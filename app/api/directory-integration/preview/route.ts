import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { previewDirectoryIntegration } from "@/lib/directory/preview-directory-integration";

// Strings from the query string, checked by lib's previewPageSchema (its messages reach the caller).
const whole = z.coerce.number({ error: "must be a whole number" });
const query = z.object({
  direction: z.string().optional(),
  page: whole.optional(),
  pageSize: whole.optional(),
  /** The older name of pageSize (the reactivation flow asks for its first few changes). */
  limit: whole.optional(),
});

/** docs/product.md §3: what turning DI on (or re-evaluating everyone) would change, one page of one direction at a time. */
export const GET = adminRoute(
  query,
  async ({ direction, page, pageSize, limit }, { db }) =>
    previewDirectoryIntegration(db, {
      now: Date.now(),
      direction: direction as "down" | "up" | "all" | undefined,
      page,
      pageSize: pageSize ?? limit,
    }),
  { failure: "Previewing Directory Integration" },
);
