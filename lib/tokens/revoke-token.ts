import { inTransaction, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { scimTokens, type ScimToken } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { tokenStatus, toTokenView, type TokenView } from "./token-view";

const SELECT_TOKEN = `SELECT ${columnsOf(scimTokens).list} FROM scim_tokens WHERE id = ?`;

/**
 * Revokes a token: the next SCIM request with it gets 401 (docs/product.md §6). Revoking a revoked
 * token changes nothing, so a retried revoke is harmless.
 */
export async function revokeToken(db: Db, id: string, actor: string): Promise<TokenView> {
  const tokenId = typeof id === "string" ? id.trim() : "";
  if (tokenId === "") throw new AppError("invalid", "Give the id of the token to revoke (`token list` shows the ids)");
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return inTransaction(db, async (tx) => {
    const token = await tx.row<ScimToken>(SELECT_TOKEN, tokenId);
    if (!token) {
      throw new AppError("not_found", `No SCIM token has the id ${tokenId}: \`token list\` shows the ids`);
    }
    const now = Date.now();
    if (token.revokedAt !== null) return toTokenView(token, now);
    await tx.execute("UPDATE scim_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?", now, actor, token.id);
    await recordActivity(tx, {
      at: now,
      kind: "settings",
      actor,
      action: "settings.token-revoked",
      tokenId: token.id,
      fromValue: tokenStatus(token, now),
      toValue: "revoked",
      reason: token.name,
    });
    return toTokenView({ ...token, revokedAt: now, revokedBy: actor }, now);
  });
}
