import { adminStreamRoute } from "@/app/_server/admin-route";
import { activityFiltersSchema, activityFiltersToQuery } from "@/app/(admin)/activity/_components/activity-filters";
import { exportActivityCsv } from "@/lib/activity/list-activity";

/** Every entry the Activity page's filters match, as CSV, streamed as it is read (the page shows 50 at a time). */
export const GET = adminStreamRoute(
  activityFiltersSchema,
  (filters, { db }) => ({
    filename: `activity-${new Date().toISOString().slice(0, 10)}.csv`,
    contentType: "text/csv; charset=utf-8",
    chunks: exportActivityCsv(db, activityFiltersToQuery(filters, Date.now())),
  }),
  { failure: "Exporting the activity log", invalid: "The filters are not valid: clear them and try again." },
);
