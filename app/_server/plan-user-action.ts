import type { z } from "zod";
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import type { ActionResult } from "@/lib/action-result";
import { requirePlanUser } from "@/app/_auth/require-plan-user";
import { runAction, type ActionOptions } from "./admin-action";

export interface PlanUserActionContext {
  db: Db;
  /** The plan user's row as read at this request (seat, status, roles). */
  user: User;
  /** Who the activity log names: the user's email. */
  actor: string;
}

/**
 * Every workspace (/app) server action: the plan-user session is looked up first, at this
 * request (an ended session redirects to the sign-in page saying why, so that stays outside
 * the try), then the input is parsed and the handler (one lib call) runs, answering the
 * one ActionResult of lib/action-result.ts like adminAction. The handler gets the user's id
 * and row from the session, never from the page: the lib call reads the seat again.
 */
export function planUserAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: PlanUserActionContext) => T | Promise<T>,
  options: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const { user, db } = await requirePlanUser();
    return runAction(schema, input, options, (parsed) => handler(parsed, { db, user, actor: user.email ?? user.userName }));
  };
}
