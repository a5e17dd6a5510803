import type { z } from "zod";
import type { Db } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { listUsersQuerySchema, userListSql } from "./list-users";

/**
 * The users a bulk job covers: a users-list filter (its search and filters; the sort gives the
 * order the job walks them in), paging left out since the job covers every page.
 */
export const bulkJobFilterSchema = listUsersQuerySchema.omit({ page: true, pageSize: true });
export type BulkJobFilter = z.output<typeof bulkJobFilterSchema>;
export type BulkJobFilterInput = z.input<typeof bulkJobFilterSchema>;

/**
 * The ids of every user `filter` matches now, in the list's order: the set a job is fixed to
 * when it starts (a user added or changed later is not taken in). Read to the end at once, so
 * no statement stays open on the shared connection while the job runs.
 */
export async function selectBulkJobUserIds(db: Db, filter: BulkJobFilterInput): Promise<string[]> {
  const q = listUsersQuerySchema.parse({ ...filter, page: 1, pageSize: 1 });
  const { sql, params } = userListSql(q, dialectOf(db.engine), "users.id");
  return (await db.values<[string]>(sql, ...params)).map(([id]) => id);
}

const PENDING_TEXT = { exclude: null, only: "only users not signed in yet", include: "users not signed in yet included" } as const;

/** The filter in words, for the activity log ("search "ada", seat Member, active"). */
export function describeBulkJobFilter(filter: BulkJobFilterInput): string {
  const f = bulkJobFilterSchema.parse(filter);
  const parts = [
    f.search ? `search "${f.search}"` : null,
    f.seat ? `seat ${f.seat}` : null,
    f.status ?? null,
    f.source ? `source ${f.source}` : null,
    PENDING_TEXT[f.pending],
    f.pendingOverride ? "pending override" : null,
    f.reactivationRequested ? "reactivation requested" : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(", ") : "every user of the list";
}
