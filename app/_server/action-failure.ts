import type { z } from "zod";
import { isAppError } from "@/lib/errors";

/**
 * What every server action answers when its lib call throws: an AppError's message as the
 * person's next step, anything else (a bug) logged and answered without a 500. lib writes
 * are transactions, so nothing was half-applied.
 */
export function actionFailure(error: unknown, what: string): { ok: false; error: string } {
  if (isAppError(error)) return { ok: false, error: error.message };
  console.error(`${what} failed:`, error);
  return {
    ok: false,
    error: `${what} failed unexpectedly, and nothing was changed. Try again; if it keeps failing, the server log has the details.`,
  };
}

/** Input the action's zod schema refused: its first message. */
export function invalidInput(error: z.ZodError, fallback = "The request was not valid."): { ok: false; error: string } {
  return { ok: false, error: error.issues[0]?.message ?? fallback };
}
