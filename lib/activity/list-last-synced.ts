import type { Db } from "@/db/client";

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
const LAST_SYNCED = `SELECT at FROM activity
  WHERE user_id = ? AND kind = 'scim' AND status < 400
  ORDER BY at DESC LIMIT 1`;

export async function listLastSynced(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  const synced = new Map<string, number>();
  for (const id of new Set(userIds)) {
    const row = await db.row<{ at: number }>(LAST_SYNCED, id);
    if (row) synced.set(id, row.at);
  }
  return synced;
}

/** One user's last sync (see listLastSynced), or null. */
export async function getLastSynced(db: Db, userId: string): Promise<number | null> {
  return (await listLastSynced(db, [userId])).get(userId) ?? null;
}
