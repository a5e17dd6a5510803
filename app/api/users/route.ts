import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { parseUserFilters, userFiltersToQuery } from "@/app/(admin)/users/_components/user-filters";
import { browseUsers } from "@/lib/directory/browse-users";

// The filters are the page's URL filters, parsed as leniently as the page parses them.
const query = z.record(z.string(), z.string().max(2000)).transform((raw) => parseUserFilters(raw));

/** One page of the users list for the filters in the Users page's URL, with the seat counters. */
export const GET = adminRoute(query, async (filters, { db }) => browseUsers(db, userFiltersToQuery(filters)), {
  failure: "Loading the users",
});
