import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scimTokens } from "@/db/schema";
import { toTokenView, type TokenView } from "./token-view";

/** Every token ever made, newest first, with its status at `now`. Never the token. */
export function listTokens(db: Db, now: number = Date.now()): TokenView[] {
  return db
    .select()
    .from(scimTokens)
    .orderBy(desc(scimTokens.createdAt), desc(scimTokens.id))
    .all()
    .map((token) => toTokenView(token, now));
}
