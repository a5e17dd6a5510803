import type { ScimToken } from "@/db/schema";

export type TokenStatus = "active" | "expired" | "revoked";

/** A token as shown anywhere after creation: never the token, never its hash. */
export interface TokenView {
  id: string;
  name: string;
  status: TokenStatus;
  createdAt: number;
  createdBy: string;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
}

export function tokenStatus(token: Pick<ScimToken, "revokedAt" | "expiresAt">, now: number): TokenStatus {
  if (token.revokedAt !== null) return "revoked";
  if (token.expiresAt !== null && token.expiresAt <= now) return "expired";
  return "active";
}

export function toTokenView(token: ScimToken, now: number): TokenView {
  return {
    id: token.id,
    name: token.name,
    status: tokenStatus(token, now),
    createdAt: token.createdAt,
    createdBy: token.createdBy,
    lastUsedAt: token.lastUsedAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    revokedBy: token.revokedBy,
  };
}
