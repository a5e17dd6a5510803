import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { findCurrentBulkJob } from "@/lib/directory/get-bulk-job";

/** The bulk job the Users screen shows when it opens: the running one, or the last one if it was interrupted (else null). */
export const GET = adminRoute(z.object({}), async (_query, { db }) => findCurrentBulkJob(db, { now: Date.now() }), {
  failure: "Loading the bulk action",
});
