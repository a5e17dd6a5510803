import type { Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";

/**
 * When the identity provider last reached each user (issue 13: "a 'last synced' time per
 * user"): the newest successful SCIM request about the user (a read by id, a create, a
 * replace, a patch, a delete; the request log names the user on each, lib/scim/handler.ts).
 * A list query (`filter=userName eq …`) names nobody, so an existence check is not a sync.
 *
 * Read from the activity log through activity_user_at_idx, newest entry first, so a user
 * costs a few index steps whatever the log's size. Entries past the plan's retention are
 * gone: a user missing from the answer had no such request in the kept log.
 */
const newestSyncOf = (userId: string) => `SELECT at FROM activity
    WHERE user_id = ${userId} AND kind = 'scim' AND status < 400
    ORDER BY at DESC LIMIT 1`;
const LAST_SYNCED = bothEngines((d) => `SELECT ids.value AS id, (${newestSyncOf("ids.value")}) AS at FROM ${d.jsonTextTable("?", "ids")}`);
const LAST_SYNCED_ONE = newestSyncOf("?");

/** One statement for a page of users, not one a user: on PostgreSQL each is a round trip. */
export async function listLastSynced(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  const synced = new Map<string, number>();
  if (userIds.length === 0) return synced;
  for (const row of await db.rows<{ id: string; at: number | null }>(LAST_SYNCED, JSON.stringify([...new Set(userIds)]))) {
    if (row.at !== null) synced.set(row.id, row.at);
  }
  return synced;
}

/** One user's last sync (see listLastSynced), or null: the plain lookup, with no JSON list (the CSV export asks once a row). */
export async function getLastSynced(db: Db, userId: string): Promise<number | null> {
  return (await db.row<{ at: number }>(LAST_SYNCED_ONE, userId))?.at ?? null;
}
