import type { Db } from "@/db/client";
import type { NewActivity } from "@/db/schema";

export type ActivityEntry = Omit<NewActivity, "id" | "at"> & { at?: number };

// Fixed SQL text, prepared once (the seam's statement cache), rather than a query builder: a DI
// re-evaluation or a 1,000-member group push writes thousands of entries, and building the SQL
// cost ten times more than SQLite's inserts (bench/: 7,000 entries 343–552 ms built, 27–36 ms prepared).
const INSERT_ACTIVITY = `INSERT INTO activity (at, kind, actor, action, method, path, status, duration_ms,
    token_id, user_id, group_id, from_value, to_value, reason, details, client_address)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

async function insertEntry(db: Db, e: ActivityEntry, at: number): Promise<void> {
  await db.execute(
    INSERT_ACTIVITY,
    e.at ?? at,
    e.kind,
    e.actor,
    e.action,
    e.method ?? null,
    e.path ?? null,
    e.status ?? null,
    e.durationMs ?? null,
    e.tokenId ?? null,
    e.userId ?? null,
    e.groupId ?? null,
    e.fromValue ?? null,
    e.toValue ?? null,
    e.reason ?? null,
    e.details == null ? null : JSON.stringify(e.details),
    e.clientAddress ?? null,
  );
}

/** Appends one entry to the activity log (docs/product.md §7). Call inside the caller's transaction. */
export async function recordActivity(db: Db, entry: ActivityEntry): Promise<void> {
  await insertEntry(db, entry, Date.now());
}

/**
 * PostgreSQL: many entries in one statement. There each statement is a round trip, and
 * activity's counters run once a statement (migration 0005); SQLite's cached single-row
 * INSERT in process is cheaper than one long statement. In the entries' order, which is
 * the ids' (the log is read in id order).
 */
const INSERT_ACTIVITIES_AT_ONCE = `INSERT INTO activity (at, kind, actor, action, method, path, status, duration_ms,
    token_id, user_id, group_id, from_value, to_value, reason, details, client_address)
  SELECT r.at, r.kind, r.actor, r.action, r.method, r.path, r.status, r.duration_ms,
    r.token_id, r.user_id, r.group_id, r.from_value, r.to_value, r.reason, r.details, r.client_address
  FROM ROWS FROM (json_to_recordset(CAST(? AS json)) AS (at bigint, kind text, actor text, action text, method text, path text,
    status bigint, duration_ms double precision, token_id text, user_id text, group_id text, from_value text, to_value text,
    reason text, details text, client_address text))
    WITH ORDINALITY AS r(at, kind, actor, action, method, path, status, duration_ms, token_id, user_id, group_id, from_value,
      to_value, reason, details, client_address, position)
  ORDER BY r.position`;

/** Appends many entries (a group push can change 1,000 seats), in the caller's transaction. */
export async function recordActivities(db: Db, entries: ActivityEntry[]): Promise<void> {
  const at = Date.now();
  if (db.engine === "postgres" && entries.length > 1) {
    const rows = entries.map((e) => ({
      at: e.at ?? at,
      kind: e.kind,
      actor: e.actor,
      action: e.action,
      method: e.method ?? null,
      path: e.path ?? null,
      status: e.status ?? null,
      duration_ms: e.durationMs ?? null,
      token_id: e.tokenId ?? null,
      user_id: e.userId ?? null,
      group_id: e.groupId ?? null,
      from_value: e.fromValue ?? null,
      to_value: e.toValue ?? null,
      reason: e.reason ?? null,
      details: e.details == null ? null : JSON.stringify(e.details),
      client_address: e.clientAddress ?? null,
    }));
    await db.execute(INSERT_ACTIVITIES_AT_ONCE, JSON.stringify(rows));
    return;
  }
  for (const entry of entries) await insertEntry(db, entry, at);
}
