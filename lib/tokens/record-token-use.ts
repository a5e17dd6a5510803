import type { Db } from "@/db/client";
import type { ScimToken } from "@/db/schema";

/**
 * Last-used times are shown to the minute (docs/product.md §6); writing one on every SCIM request
 * would put a write on the hot path of 1,000-user group pushes, so it is written at most
 * once a minute per token.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

const UPDATE = `UPDATE scim_tokens SET last_used_at = ?
  WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`;

/** Records that an authenticated request used the token. Returns whether it wrote. */
export async function recordTokenUse(db: Db, token: Pick<ScimToken, "id" | "lastUsedAt">, now: number): Promise<boolean> {
  const threshold = now - LAST_USED_RESOLUTION_MS;
  // The row read by authenticateToken is usually fresh enough to skip the write unseen.
  if (token.lastUsedAt !== null && token.lastUsedAt >= threshold) return false;
  return (await db.execute(UPDATE, now, token.id, threshold)).changes === 1;
}
