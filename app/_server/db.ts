import { connection } from "next/server";
import type { Db } from "@/db/client";
import { getDb } from "@/server/db";

/**
 * The database for a server component or action. `connection()` marks the render as
 * per-request, so Next never runs a query at build time or serves a stale prerender.
 */
export async function requestDb(): Promise<Db> {
  await connection();
  return getDb();
}
