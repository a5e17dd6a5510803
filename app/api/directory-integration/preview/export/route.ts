import { z } from "zod";
import { adminStreamRoute } from "@/app/_server/admin-route";
import { exportPreviewCsv } from "@/lib/directory/preview-directory-integration";

/** Every change of the DI preview as CSV, downgrades first, streamed as the rows are read. */
export const GET = adminStreamRoute(
  z.object({}),
  (_query, { db }) => ({
    filename: `directory-integration-preview-${new Date().toISOString().slice(0, 10)}.csv`,
    contentType: "text/csv; charset=utf-8",
    chunks: exportPreviewCsv(db, Date.now()),
  }),
  { failure: "Exporting the Directory Integration preview" },
);
