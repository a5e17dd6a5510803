import { z } from "zod";
import { adminStreamRoute } from "@/app/_server/admin-route";
import { parseUserFilters, userFiltersToQuery } from "@/app/(admin)/users/_components/user-filters";
import { exportUsersCsv } from "@/lib/directory/browse-users";

// The Users page's URL filters, parsed as leniently as the page parses them: the export is the list on screen.
const query = z.record(z.string(), z.string().max(2000)).transform((raw) => parseUserFilters(raw));

/** Every user of the Users page's current search, filters and sort, as CSV, streamed as it is read. */
export const GET = adminStreamRoute(
  query,
  (filters, { db }) => ({
    filename: `users-${new Date().toISOString().slice(0, 10)}.csv`,
    contentType: "text/csv; charset=utf-8",
    chunks: exportUsersCsv(db, userFiltersToQuery(filters)),
  }),
  { failure: "Exporting the users" },
);
