import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { plan, type Plan } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** There is one plan per installation: the row with id 1 (db/schema.ts). */
export const PLAN_ID = 1;

/** The plan row, keyed as Plan; `plan$.map` converts its flags. */
export const plan$ = columnsOf(plan);
const FIND_PLAN = `SELECT ${plan$.list} FROM plan WHERE id = ?`;

export async function getPlan(db: Db): Promise<Plan | undefined> {
  return plan$.mapOptional(await db.row(FIND_PLAN, PLAN_ID));
}

/** For operations that make no sense before the plan exists (settings, SCIM support). */
export async function requirePlan(db: Db): Promise<Plan> {
  const found = await getPlan(db);
  if (!found) {
    throw new AppError(
      "conflict",
      "No plan yet: run `plan set --name … --primary-email …` or finish setup in the browser",
    );
  }
  return found;
}
