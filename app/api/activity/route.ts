import { adminRoute } from "@/app/_server/admin-route";
import { activityFiltersSchema, activityFiltersToQuery } from "@/app/(admin)/activity/_components/activity-filters";
import { listActivity } from "@/lib/activity/list-activity";

/** One page of the activity log for the filters in the Activity page's URL. */
export const GET = adminRoute(activityFiltersSchema, async (filters, { db }) => listActivity(db, activityFiltersToQuery(filters, Date.now())), {
  failure: "Reading the activity log",
  invalid: "The filters are not valid: clear them and try again.",
});
