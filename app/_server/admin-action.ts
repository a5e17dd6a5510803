import { z } from "zod";
import type { Db } from "@/db/client";
import type { ActionFailure, ActionResult, FieldErrors } from "@/lib/action-result";
import { isAppError, type AppErrorCode } from "@/lib/errors";
import { adminContext, type SignedInAdmin } from "@/app/_auth/require-admin";
import { requestDb } from "./db";

/*
 * Hand-written rather than next-safe-action: the whole contract is ~40 lines over zod
 * (session, parse, one lib call, one error mapping, one result type), and next-safe-action
 * would add a dependency plus its own result shape ({ data, serverError, validationErrors })
 * that every client would have to learn instead of lib/action-result.ts.
 */

export interface ActionContext {
  db: Db;
}

export interface AdminActionContext extends ActionContext {
  /** A local admin (`via` "password") or a plan user with System Admin rights through the IdP (`via` "saml" | "oidc", id = the user's). */
  admin: SignedInAdmin;
  /** Who the activity log names: the signed-in admin's email. */
  actor: string;
  /** This request's session (lib/admins/admin-sessions.ts, or the IdP admin's plan-user session), which "sign out everywhere else" keeps. */
  sessionSecret: string;
}

export interface ActionOptions {
  /** What the action does, for the message of an unexpected failure ("Saving the seat"). */
  failure?: string;
  /** The message for refused input (its field errors go beside the fields); by default the first field's. */
  invalid?: string;
}

/** For actions that take no input: they are called with none. */
export const noInput = z.void();

/**
 * What every action and route handler answers when its lib call throws: an AppError's
 * message as the person's next step (with its field errors when lib's parseInput refused
 * the input), anything else a bug: logged, and answered without a 500. lib writes are
 * transactions, so nothing was half-applied.
 */
export function actionFailure(error: unknown, what = "This change"): ActionFailure {
  if (error instanceof z.ZodError) return invalidInput(error);
  if (isAppError(error)) {
    const fields = error.details?.fields as FieldErrors | undefined;
    return fields && Object.keys(fields).length > 0
      ? { ok: false, error: error.message, fieldErrors: fields }
      : { ok: false, error: error.message };
  }
  console.error(`${what} failed:`, error);
  return {
    ok: false,
    error: `${what} failed unexpectedly, and nothing was changed. Try again; if it keeps failing, the server log has the details.`,
  };
}

/** Input a zod schema refused: the first message (or `message`), and every field's messages. */
export function invalidInput(error: z.ZodError, message?: string): ActionFailure {
  const { fieldErrors } = z.flattenError(error) as { fieldErrors: FieldErrors };
  const failure: ActionFailure = { ok: false, error: message ?? error.issues[0]?.message ?? "The request was not valid." };
  return Object.keys(fieldErrors).length > 0 ? { ...failure, fieldErrors } : failure;
}

/** The AppError code of a failure, for route handlers' HTTP status. */
export function failureCode(error: unknown): AppErrorCode | "bug" {
  if (error instanceof z.ZodError) return "invalid";
  return isAppError(error) ? error.code : "bug";
}

/**
 * A server action open to signed-out visitors (only setup): parses the input with `schema`,
 * runs `handler` (one lib call) and maps its errors through actionFailure.
 */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => T | Promise<T>,
  options: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const db = await requestDb();
    return runAction(schema, input, options, (parsed) => handler(parsed, { db }));
  };
}

/**
 * Every Admin Center server action: checks the admin session first (a signed-out caller is
 * redirected, so that stays outside the try), then as publicAction.
 */
export function adminAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: AdminActionContext) => T | Promise<T>,
  options: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const { admin, db, sessionSecret } = await adminContext();
    return runAction(schema, input, options, (parsed) => handler(parsed, { admin, db, actor: admin.email, sessionSecret }));
  };
}

/** Parse, one call, one error mapping: what every action wrapper (publicAction, adminAction, planUserAction) shares. */
export async function runAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  options: ActionOptions,
  call: (parsed: z.output<S>) => T | Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error, options.invalid);
  try {
    return { ok: true, data: await call(parsed.data) };
  } catch (error) {
    return actionFailure(error, options.failure);
  }
}
