import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { activity } from "@/db/schema";
import { SSO_TEST_ACTION, type SsoTestResult } from "./sso-test-result";

/** A Test sign-in's result by its activity entry's id; undefined when there is no such test (or it was pruned). */
export function getSsoTestResult(db: Db, id: number): (SsoTestResult & { id: number }) | undefined {
  const row = db
    .select({ id: activity.id, details: activity.details })
    .from(activity)
    .where(and(eq(activity.id, id), eq(activity.action, SSO_TEST_ACTION)))
    .get();
  if (!row?.details) return undefined;
  return { ...(row.details as unknown as SsoTestResult), id: row.id };
}
