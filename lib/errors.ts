/**
 * Errors of the Admin Center's own operations (CLI, server actions). Each carries a
 * message a person can act on; adapters map `code` to an exit code or HTTP status.
 * SCIM has its own catalogue in lib/scim/errors.ts (RFC 7644 §3.12).
 */
export type AppErrorCode =
  | "invalid" // the input is wrong: say which and how to fix it
  | "not_found"
  | "conflict" // the state forbids it now (e.g. a third active token)
  | "forbidden" // not allowed by a rule (e.g. reactivation while DI is on)
  | "unauthorized"
  | "unavailable"; // an outside dependency (DNS) did not answer

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
