import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { scimTokens, type ScimToken } from "@/db/schema";
import { toTokenView, type TokenView } from "./token-view";

const ALL_TOKENS = `SELECT ${columnsOf(scimTokens).list} FROM scim_tokens ORDER BY created_at DESC, id DESC`;

/** Every token ever made, newest first, with its status at `now`. Never the token. */
export async function listTokens(db: Db, now: number = Date.now()): Promise<TokenView[]> {
  return (await db.rows<ScimToken>(ALL_TOKENS)).map((token) => toTokenView(token, now));
}
