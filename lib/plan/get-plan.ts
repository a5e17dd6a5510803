import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { plan, type Plan } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** There is one plan per installation: the row with id 1 (db/schema.ts). */
export const PLAN_ID = 1;

export function getPlan(db: Db): Plan | undefined {
  return db.select().from(plan).where(eq(plan.id, PLAN_ID)).get();
}

/** For operations that make no sense before the plan exists (settings, SCIM support). */
export function requirePlan(db: Db): Plan {
  const found = getPlan(db);
  if (!found) {
    throw new AppError(
      "conflict",
      "No plan yet: run `plan set --name … --primary-email …` or finish setup in the browser",
    );
  }
  return found;
}
