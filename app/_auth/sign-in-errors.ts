/**
 * How the credentials provider tells the sign-in form why it refused. next-auth v4 passes a
 * thrown error's message to the client as `error`; a plain refusal arrives as
 * "CredentialsSignin". Shared by the server (auth-options) and the client (sign-in form).
 */
export const THROTTLED_ERROR_PREFIX = "throttled:";
export const DISABLED_ERROR = "disabled";
/**
 * A non-break-glass admin's right password while the plan requires single sign-on
 * (lib/admins/sign-in-admin.ts): `sso-required:<IdP name>`.
 */
export const SSO_REQUIRED_ERROR_PREFIX = "sso-required:";

const waitText = (seconds: number): string =>
  seconds < 90 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minutes`;

export function signInErrorMessage(error: string): string {
  if (error.startsWith(THROTTLED_ERROR_PREFIX)) {
    const seconds = Number(error.slice(THROTTLED_ERROR_PREFIX.length));
    const wait = Number.isFinite(seconds) && seconds > 0 ? waitText(Math.ceil(seconds)) : "a few minutes";
    return `Too many failed sign-in attempts. Wait ${wait} and try again; your password was not checked this time.`;
  }
  if (error.startsWith(SSO_REQUIRED_ERROR_PREFIX)) {
    const idp = error.slice(SSO_REQUIRED_ERROR_PREFIX.length).trim();
    return `This plan requires single sign-on for System Admins: enter your email above and continue with ${idp || "your identity provider"}. Only break-glass admins sign in with a password.`;
  }
  if (error === DISABLED_ERROR) return "This System Admin account is disabled. Ask another System Admin (or the operator) to enable it.";
  if (error === "CredentialsSignin") return "Wrong email or password. Check both and try again.";
  if (error === "SessionRequired") return "Sign in to continue.";
  return "Sign-in failed. Try again; if it keeps failing, ask the operator to check the server log.";
}

/** Why a session ended, for the sign-in page (`?ended=`, set by app/_auth/require-admin.ts). */
export function sessionEndedMessage(reason: string): string | undefined {
  switch (reason) {
    case "idle":
      return "You were signed out after a period without activity. Sign in again.";
    case "expired":
      return "Your session reached its 12-hour limit. Sign in again.";
    case "revoked":
      return "Your session was ended by a System Admin or the operator. Sign in again.";
    case "password-changed":
      return "Your password was changed, which ended this session. Sign in with the new password.";
    case "disabled":
      return "This System Admin account was disabled. Ask another System Admin to enable it.";
    case "signed-out":
      return "You are signed out.";
    case "deactivated":
      return "Your account was deactivated, which ended your session. If you think this is a mistake, ask a System Admin of your plan.";
    case "sso-required":
      return "Your plan now requires single sign-on for System Admins, which ended your password session. Sign in with single sign-on below.";
    case "no-admin-rights":
      return "You are signed in, but your account no longer has System Admin rights: they come from your roles in the identity provider. Open your workspace.";
    default:
      return undefined;
  }
}

/** Why "Continue with single sign-on" came back to the sign-in page (`?sso=`, set by app/sso/start). */
export function ssoStartMessage(code: string, email?: string): string | undefined {
  const domain = email?.split("@")[1];
  switch (code) {
    case "invalid-email":
      return "Enter your work email address (e.g. name@example.com) to sign in with single sign-on.";
    case "no-connection":
      return `Single sign-on is not set up for ${domain ? `@${domain}` : "that email's domain"} on this plan. Check the address, or ask a System Admin of your plan.`;
    case "off":
      return "Single sign-on is turned off for this plan. Ask a System Admin of your plan to turn it on; System Admins can sign in with their password below.";
    case "unreachable":
      return "Your identity provider did not answer. Try again in a few minutes; if it keeps failing, tell a System Admin of your plan.";
    case "misconfigured":
      return "Single sign-on is not set up completely for this plan, so you cannot sign in with it yet. Tell a System Admin of your plan: they can run Test sign-in on the Security & Controls page.";
    default:
      return undefined;
  }
}
