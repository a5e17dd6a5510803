import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { scimTokens, type ScimToken } from "@/db/schema";
import { hashToken } from "./hash-token";
import { TOKEN_PATTERN } from "./token-format";
import { formatDateTime } from "@/lib/format-time";

export type AuthenticateTokenResult<T extends ScimToken = ScimToken> =
  | { ok: true; token: T }
  | {
      ok: false;
      reason: "missing" | "malformed" | "unknown" | "revoked" | "expired";
      /** For the SCIM 401 body and the log; never contains the token. */
      detail: string;
    };

// RFC 6750 §2.1: `Bearer` (case-insensitive auth-scheme, RFC 7235 §2.1) 1*SP b64token.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

// The column aliases give the row the shape of ScimToken; it has no column to convert.
const SELECT_BY_HASH = `SELECT ${columnsOf(scimTokens).list} FROM scim_tokens WHERE token_hash = ?`;

/**
 * Checks the `Authorization` header of a SCIM request (docs/product.md §6). The hot path: runs once
 * a request, so it is one indexed lookup (unique index on token_hash) through a cached
 * prepared statement, and it writes nothing; see recordTokenUse for last-used times.
 * Looking up by hash rather than comparing secrets leaks nothing useful through timing:
 * an attacker controls the input, not its SHA-256.
 */
export function authenticateToken(db: Db, authorizationHeader: string | undefined, now: number): Promise<AuthenticateTokenResult> {
  return authenticateTokenBy(db, authorizationHeader, now, tokenByHash);
}

/** authenticateToken's lookup, for authenticateTokenBy. */
export const tokenByHash = (db: Db, tokenHash: string) => db.row<ScimToken>(SELECT_BY_HASH, tokenHash);

/**
 * The same checks with the caller's lookup by hash: the SCIM service reads the plan's
 * switches in the token's statement (lib/scim/handler.ts), and its row comes back as `token`.
 * The lookup is a function made once, not per request (the hot path's allocations).
 */
export async function authenticateTokenBy<T extends ScimToken>(
  db: Db,
  authorizationHeader: string | undefined,
  now: number,
  lookup: (db: Db, tokenHash: string) => Promise<T | undefined>,
): Promise<AuthenticateTokenResult<T>> {
  const header = authorizationHeader?.trim();
  if (!header) {
    return {
      ok: false,
      reason: "missing",
      detail: "The Authorization header is missing: send `Authorization: Bearer <SCIM token>`",
    };
  }
  const match = BEARER.exec(header);
  if (!match?.[1]) {
    return {
      ok: false,
      reason: "malformed",
      detail: "The Authorization header is not a bearer token: send `Authorization: Bearer <SCIM token>`",
    };
  }
  const presented = match[1];
  // Not one of ours: no need to hash and look up.
  const token = TOKEN_PATTERN.test(presented) ? await lookup(db, hashToken(presented)) : undefined;
  if (!token) {
    return {
      ok: false,
      reason: "unknown",
      detail: "The bearer token is not a SCIM token of this Admin Center: generate one under SCIM tokens",
    };
  }
  if (token.revokedAt !== null) {
    return {
      ok: false,
      reason: "revoked",
      detail: `The SCIM token "${token.name}" has been revoked: generate a new one in the Admin Center`,
    };
  }
  if (token.expiresAt !== null && token.expiresAt <= now) {
    return {
      ok: false,
      reason: "expired",
      detail: `The SCIM token "${token.name}" expired on ${formatDateTime(token.expiresAt)}: generate a new one in the Admin Center`,
    };
  }
  return { ok: true, token };
}
