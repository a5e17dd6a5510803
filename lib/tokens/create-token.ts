import { randomBytes } from "node:crypto";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { parseInput } from "@/lib/parse-input";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashToken } from "./hash-token";
import { MAX_ACTIVE_TOKENS, TOKEN_PREFIX } from "./token-format";

const DAY_MS = 24 * 60 * 60 * 1000;

export const createTokenInputSchema = z.object({
  name: z
    .string({ error: "the token name is required" })
    .trim()
    .min(1, "the token name must not be empty")
    .max(100, "the token name must be at most 100 characters"),
  expiresInDays: z
    .number({ error: "expires-in-days must be a whole number of days" })
    .int("expires-in-days must be a whole number of days")
    .min(1, "expires-in-days must be at least 1")
    .max(3650, "expires-in-days must be at most 3650 (ten years)")
    .optional(),
});

export type CreateTokenInput = z.input<typeof createTokenInputSchema>;

export interface CreatedToken {
  id: string;
  name: string;
  /** The bearer token. Returned this once; only its hash is stored (docs/product.md §6). */
  token: string;
  createdAt: number;
  expiresAt: number | null;
  createdBy: string;
}

const ACTIVE_TOKENS = "SELECT id, name FROM scim_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)";
const INSERT_TOKEN = `INSERT INTO scim_tokens (id, name, token_hash, created_at, created_by, expires_at)
  VALUES (?, ?, ?, ?, ?, ?)`;

/** Generates a SCIM API token for the IdP (docs/product.md §6). */
export async function createToken(db: Db, input: CreateTokenInput, actor: string): Promise<CreatedToken> {
  const { name, expiresInDays } = parseInput(createTokenInputSchema, input);
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return inTransaction(db, async (tx) => {
    const now = Date.now();
    const active = await tx.rows<{ id: string; name: string }>(ACTIVE_TOKENS, now);
    if (active.length >= MAX_ACTIVE_TOKENS) {
      const list = active.map((t) => `"${t.name}" (${t.id})`).join(", ");
      throw new AppError(
        "conflict",
        `${active.length} SCIM tokens are already active (${list}), the most allowed: revoke one first (\`token revoke <id>\` or SCIM tokens in the Admin Center)`,
      );
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const row = {
      id: newId(),
      name,
      tokenHash: hashToken(token),
      createdAt: now,
      createdBy: actor,
      expiresAt: expiresInDays === undefined ? null : now + expiresInDays * DAY_MS,
    };
    await tx.execute(INSERT_TOKEN, row.id, row.name, row.tokenHash, row.createdAt, row.createdBy, row.expiresAt);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.token-created",
      tokenId: row.id,
      toValue: name,
      details: { expiresAt: row.expiresAt },
    });
    return {
      id: row.id,
      name,
      token,
      createdAt: now,
      expiresAt: row.expiresAt,
      createdBy: actor,
    };
  });
}
