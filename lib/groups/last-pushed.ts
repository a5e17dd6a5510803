import { dialectOf, type Dialect } from "@/db/dialect";

/**
 * A group's "last pushed" time (issue 13): its newest SCIM request (a push, also one that
 * changed nothing, or a read of it), newest first through activity_group_at_idx (group_id, at).
 * The newest entries naming a group are its SCIM requests (an admin's mapping entry names it
 * too, hence the kind test), so this reads an entry or two per group however long its history.
 * A subquery for a row `g` of groups; null when no request about the group is in the kept log.
 */
export const lastPushedSql = (d: Dialect): string => `SELECT a.at FROM activity a${d.indexedBy("activity_group_at_idx")}
   WHERE a.group_id = g.id AND a.kind = 'scim' ORDER BY a.at DESC LIMIT 1`;

/** SQLite's text (the index hint), for its query plan; a statement of both engines takes lastPushedSql. */
export const LAST_PUSHED_SQL = lastPushedSql(dialectOf("sqlite"));
