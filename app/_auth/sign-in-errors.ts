/**
 * How the credentials provider tells the sign-in form why it refused. next-auth v4 passes a
 * thrown error's message to the client as `error`; a plain refusal arrives as
 * "CredentialsSignin". Shared by the server (auth-options) and the client (sign-in form).
 */
export const LOCKED_ERROR_PREFIX = "locked:";

export function signInErrorMessage(error: string): string {
  if (error.startsWith(LOCKED_ERROR_PREFIX)) {
    const seconds = Number(error.slice(LOCKED_ERROR_PREFIX.length));
    const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 15;
    return `Too many failed sign-in attempts for this email. Sign-in is locked: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (error === "CredentialsSignin") return "Wrong email or password. Check both and try again.";
  if (error === "SessionRequired") return "Sign in to continue.";
  return "Sign-in failed. Try again; if it keeps failing, ask the operator to check the server log.";
}
