/**
 * The one result every Admin Center server action and GET route handler answers, and every
 * client reads. It lives in lib/ (pure types and two helpers, no Next.js) because both
 * `app/` (which produces it) and `components/` (useActionMutation, fetchResult, which
 * consume it) import it, and `components/` must never import `app/`.
 */

/** zod's flattened field errors (`z.flattenError(e).fieldErrors`): messages by input field. */
export type FieldErrors = Partial<Record<string, string[]>>;

export type ActionFailure = { ok: false; error: string; fieldErrors?: FieldErrors };

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/** A failed result as a thrown Error, so TanStack Query's error state keeps its message and field errors. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

/** The data of a result, or its failure thrown as an ActionError. */
export function unwrapResult<T>(result: ActionResult<T>): T {
  if (result.ok) return result.data;
  throw new ActionError(result.error, result.fieldErrors);
}

/** The first message for one input field of a failed result (undefined for other errors). */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ActionError ? error.fieldErrors?.[field]?.[0] : undefined;
}
