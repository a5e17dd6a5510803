import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import type { AppErrorCode } from "@/lib/errors";
import { currentSession } from "@/app/_auth/require-admin";
import { actionFailure, failureCode, invalidInput, type AdminActionContext, type ActionOptions } from "./admin-action";
import { requestDb } from "./db";

const STATUS: Record<AppErrorCode | "bug", number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  bug: 500,
};

function json<T>(body: ActionResult<T>, status: number): Response {
  // Each answer is the live state: the browser must never reuse it.
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * Every Admin Center GET route handler (the reads TanStack Query polls and pages; server
 * actions run one at a time, so reads do not go through them): checks the admin session
 * (401, not a redirect: the caller is fetch), parses the query string with `schema`, runs
 * `handler` (one lib call) and answers lib/action-result's ActionResult as JSON, with the
 * HTTP status of its failure.
 */
export function adminRoute<S extends z.ZodType, T>(
  schema: S,
  handler: (query: z.output<S>, ctx: AdminActionContext) => T,
  options: ActionOptions = {},
): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    const session = await currentSession();
    if (session.status !== "open") {
      const error = session.status === "ended" ? "Your session has ended: reload the page to sign in again." : "Sign in as a System Admin first.";
      return json({ ok: false, error }, 401);
    }
    const { admin, sessionSecret } = session;
    const db = await requestDb();
    const parsed = schema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
    if (!parsed.success) return json(invalidInput(parsed.error, options.invalid), 400);
    try {
      return json({ ok: true, data: handler(parsed.data, { admin, db, actor: admin.email, sessionSecret }) }, 200);
    } catch (error) {
      return json(actionFailure(error, options.failure), STATUS[failureCode(error)]);
    }
  };
}
