import { z } from "zod";
import type { Db } from "@/db/client";
import type { SsoConnection } from "@/db/schema";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { AppError } from "@/lib/errors";
import { getSsoConnection } from "./get-sso-connection";

/** Why the sign-in page could not send a person to their IdP (`/sign-in?sso=<code>`). */
export type SsoStartProblem = "invalid-email" | "no-connection" | "off" | "misconfigured" | "unreachable";

/** An AppError that says which `?sso=` code the sign-in page shows. */
export function ssoStartError(problem: SsoStartProblem, message: string): AppError {
  const code = problem === "unreachable" ? "unavailable" : problem === "invalid-email" ? "invalid" : "conflict";
  return new AppError(code, message, { ssoProblem: problem });
}

export function ssoStartProblemOf(error: unknown): SsoStartProblem | undefined {
  if (!(error instanceof AppError)) return undefined;
  const problem = error.details?.ssoProblem;
  return typeof problem === "string" ? (problem as SsoStartProblem) : undefined;
}

/**
 * The connection a person signs in through, from the email they typed: the plan has one
 * connection, for the people of its validated domains (docs/product.md §5). Someone on
 * another domain is told so before any trip to an IdP that would not know them.
 */
export async function findConnectionForEmail(db: Db, email: string): Promise<SsoConnection> {
  const parsed = z.email().safeParse(email.trim());
  if (!parsed.success) throw ssoStartError("invalid-email", "Enter your work email address, e.g. name@example.com.");
  const connection = await getSsoConnection(db);
  if (!connection || !connection.enabled) {
    throw ssoStartError("off", "Single sign-on is not turned on for this plan.");
  }
  if (!await isEmailOnValidatedDomain(db, parsed.data)) {
    throw ssoStartError("no-connection", `No single sign-on is set up for ${parsed.data.split("@")[1] ?? "that domain"}.`);
  }
  return connection;
}
