import type { Db } from "@/db/client";
import { SSO_TEST_ACTION, type SsoTestResult } from "./sso-test-result";

/** A Test sign-in's result by its activity entry's id; undefined when there is no such test (or it was pruned). */
export async function getSsoTestResult(db: Db, id: number): Promise<(SsoTestResult & { id: number }) | undefined> {
  const row = await db.row<{ id: number; details: string | null }>('SELECT id AS "id", details AS "details" FROM activity WHERE id = ? AND action = ?', id, SSO_TEST_ACTION);
  if (!row?.details) return undefined;
  return { ...(JSON.parse(row.details) as SsoTestResult), id: row.id };
}
