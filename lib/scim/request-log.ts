/**
 * SPEC §7 wants every SCIM request in the activity log and §6 a token's last-used time,
 * but a database write per request would halve the hot path's throughput. Both are kept
 * in memory and written in one transaction per flush (the server flushes every few
 * hundred milliseconds and on shutdown; a full buffer flushes at once).
 */
import { inTransaction, prepareCached, type Db } from "@/db/client";

export interface ScimRequestEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  tokenId: string | null;
  tokenName: string | null;
  userId?: string | null;
  groupId?: string | null;
  /** The error detail for a failed request (never the token). */
  detail?: string;
}

export interface RequestLog {
  record(entry: ScimRequestEntry): void;
  touchToken(tokenId: string, at: number): void;
  /** Writes what is pending; returns how many requests were written. */
  flush(): number;
}

// One prepared INSERT per entry rather than drizzle's query builder (recordActivities):
// building the multi-row statement cost more CPU than SQLite's inserts (bench/: about 5%
// of the existence check's server time went to drizzle's SQL building at flush).
const INSERT_REQUEST = `INSERT INTO activity (at, kind, actor, action, method, path, status, duration_ms,
    token_id, user_id, group_id, reason, details)
  VALUES (?, 'scim', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The activity row of one request, in INSERT_REQUEST's parameter order. */
type PendingRow = [
  at: number,
  actor: string,
  action: string,
  method: string,
  path: string,
  status: number,
  durationMs: number,
  tokenId: string | null,
  userId: string | null,
  groupId: string | null,
  reason: string | null,
  details: string | null,
];

const tokenDetails = new Map<string, string>();

/** The `details` JSON of a token's requests, made once per token name. */
function detailsOf(tokenName: string): string {
  let details = tokenDetails.get(tokenName);
  if (details === undefined) {
    if (tokenDetails.size >= 16) tokenDetails.clear();
    details = JSON.stringify({ token: tokenName });
    tokenDetails.set(tokenName, details);
  }
  return details;
}

export function createRequestLog(db: Db, maxPending = 2000): RequestLog {
  let pending: PendingRow[] = [];
  const lastUsed = new Map<string, number>();

  const flush = (): number => {
    if (pending.length === 0 && lastUsed.size === 0) return 0;
    const entries = pending;
    const touched = [...lastUsed];
    pending = [];
    lastUsed.clear();
    try {
      inTransaction(db, () => {
        const insert = prepareCached(db, INSERT_REQUEST);
        for (const row of entries) insert.run(row);
        const touch = prepareCached(
          db,
          "UPDATE scim_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
        );
        for (const [id, at] of touched) touch.run(at, id, at);
      });
    } catch (error) {
      // The database was busy (the CLI held the lock): keep what was not written for the
      // next flush, up to the buffer's size, so a slow moment loses nothing.
      pending = [...entries, ...pending].slice(-maxPending);
      for (const [id, at] of touched) if ((lastUsed.get(id) ?? 0) < at) lastUsed.set(id, at);
      throw error;
    }
    return entries.length;
  };

  return {
    record(entry) {
      pending.push([
        entry.at,
        entry.tokenName ? `SCIM token '${entry.tokenName}'` : "unauthenticated",
        `scim.${entry.method.toLowerCase()}`,
        entry.method,
        entry.path,
        entry.status,
        entry.durationMs,
        entry.tokenId,
        entry.userId ?? null,
        entry.groupId ?? null,
        entry.detail ?? null,
        entry.tokenName ? detailsOf(entry.tokenName) : null,
      ]);
      if (pending.length >= maxPending) {
        try {
          flush();
        } catch {
          // Kept for the next flush (see above); a request never fails for its log entry.
        }
      }
    },
    touchToken(tokenId, at) {
      const previous = lastUsed.get(tokenId);
      if (previous === undefined || previous < at) lastUsed.set(tokenId, at);
    },
    flush,
  };
}
