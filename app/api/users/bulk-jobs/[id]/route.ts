import type { NextRequest } from "next/server";
import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { getBulkJob } from "@/lib/directory/get-bulk-job";

/** The path's id, checked with the query string (which this route does not use) so a bad one is a 400 like any bad input. */
const withId = (id: string) =>
  z.object({}).transform((_query, ctx) => {
    if (id.length > 0 && id.length <= 200) return id;
    ctx.addIssue({ code: "custom", message: "This is not a bulk action's id." });
    return z.NEVER;
  });

/** One bulk job's progress and outcome, which the progress bar polls. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const route = adminRoute(withId(id), async (jobId, { db }) => getBulkJob(db, { id: jobId, now: Date.now() }), {
    failure: "Loading the bulk action's progress",
  });
  return route(request);
}
