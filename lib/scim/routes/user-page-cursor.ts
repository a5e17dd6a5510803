import { databaseKeyOf, type Db, type EngineSql, type SqlParam } from "@/db/client";
import type { Dialect } from "@/db/dialect";

/**
 * Where a token's last unsorted /Users page ended, so that its next sequential page (Okta's import
 * sweep: startIndex 1, 101, 201, … count 100) continues from the last rowid seen instead of walking
 * OFFSET index entries again: the sweep over 100,000 users walked 50 million entries in all.
 *
 * RFC 7644 §3.4.2.4 does not promise that pages stay put under concurrent writes, and a
 * continuation never returns a user twice within one sweep (rowids only grow along it). A cursor is
 * trusted only for the next page of the same token, filter and count, and only for CURSOR_TTL_MS:
 * a client that comes back later, or asks any other startIndex, gets the OFFSET page.
 */
export const CURSOR_TTL_MS = 30_000;
const MAX_CURSORS = 64;

interface Cursor {
  nextStartIndex: number;
  lastRowid: number;
  at: number;
}

/**
 * Per connection, not per handle: each request's transaction has a handle of its own
 * (inTransaction), and the cursor outlives it for the token's next page.
 */
const cursors = new WeakMap<object, Map<string, Cursor>>();

export interface PageKey {
  tokenId: string | null;
  where: string;
  params: SqlParam[];
  count: number;
}

const keyOf = (key: PageKey): string | null =>
  key.tokenId === null ? null : `${key.tokenId}\u0000${key.count}\u0000${key.where}\u0000${JSON.stringify(key.params)}`;

/** The rowid the page at `startIndex` continues after, when the previous page of this key ended just before it. */
export function cursorFor(db: Db, key: PageKey, startIndex: number, now: number): number | undefined {
  const k = keyOf(key);
  if (k === null) return undefined;
  const cursor = cursors.get(databaseKeyOf(db))?.get(k);
  if (!cursor || cursor.nextStartIndex !== startIndex || now - cursor.at > CURSOR_TTL_MS || now < cursor.at) return undefined;
  return cursor.lastRowid;
}

const LAST_ROWID: EngineSql = {
  sqlite: "SELECT rowid AS r FROM users WHERE id = ?",
  postgres: "SELECT row_seq AS r FROM users WHERE id = ?",
};

/** Remembers where a full page ended (a short page is the end of the list: nothing to continue). */
export async function rememberPageEnd(db: Db, key: PageKey, startIndex: number, lastUserId: string, now: number): Promise<void> {
  const k = keyOf(key);
  if (k === null) return;
  const row = await db.row<{ r: number }>(LAST_ROWID, lastUserId);
  if (!row) return;
  let map = cursors.get(databaseKeyOf(db));
  if (!map) {
    map = new Map();
    cursors.set(databaseKeyOf(db), map);
  }
  map.delete(k);
  if (map.size >= MAX_CURSORS) map.delete(map.keys().next().value as string);
  map.set(k, { nextStartIndex: startIndex + key.count, lastRowid: row.r, at: now });
}

/** The page's filter continued after `lastRowid` (a rowid range search instead of an OFFSET walk). */
export const continuedAfter = (d: Dialect, where: string, params: SqlParam[], lastRowid: number): { where: string; params: SqlParam[] } => ({
  where: `(${where}) AND ${d.rowid("users")} > ?`,
  params: [...params, lastRowid],
});
