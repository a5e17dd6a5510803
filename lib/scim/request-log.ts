/**
 * SPEC §7 wants every SCIM request in the activity log and §6 a token's last-used time,
 * but a database write per request would halve the hot path's throughput. Both are kept
 * in memory and written in one transaction per flush (the server flushes every few
 * hundred milliseconds and on shutdown; a full buffer flushes at once).
 */
import { inTransaction, prepareCached, type Db } from "@/db/client";
import { recordActivities, type ActivityEntry } from "../activity/record-activity";

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

export function createRequestLog(db: Db, maxPending = 2000): RequestLog {
  let pending: ActivityEntry[] = [];
  const lastUsed = new Map<string, number>();

  const flush = (): number => {
    if (pending.length === 0 && lastUsed.size === 0) return 0;
    const entries = pending;
    const touched = [...lastUsed];
    pending = [];
    lastUsed.clear();
    try {
      inTransaction(db, () => {
        recordActivities(db, entries);
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
      pending.push({
        at: entry.at,
        kind: "scim",
        actor: entry.tokenName ? `SCIM token '${entry.tokenName}'` : "unauthenticated",
        action: `scim.${entry.method.toLowerCase()}`,
        method: entry.method,
        path: entry.path,
        status: entry.status,
        durationMs: entry.durationMs,
        tokenId: entry.tokenId,
        userId: entry.userId ?? null,
        groupId: entry.groupId ?? null,
        reason: entry.detail ?? null,
        details: entry.tokenName ? { token: entry.tokenName } : null,
      });
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
