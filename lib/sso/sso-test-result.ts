import type { SsoProtocol } from "@/db/schema";

/** One check a response or ID token went through (signature, audience, clock, …), as the admin reads it. */
export interface SsoCheck {
  /** "Signature", "Audience", "Recipient", "Destination", "Clock (NotBefore / NotOnOrAfter)", "InResponseTo", "Issuer", "Nonce", "State", … */
  name: string;
  ok: boolean;
  /** What was expected and what came, in words. */
  detail: string;
}

/**
 * What an admin's Test sign-in saw (issue 12 item 1): kept as the `details` of the activity
 * entry `sso.test` (kind "auth"), which the result page (app/(admin)/security/sso) reads by id.
 * No session is created by a test.
 */
export interface SsoTestResult {
  protocol: SsoProtocol;
  ok: boolean;
  /** Why the response was refused, in words; null when it passed every check. */
  error: string | null;
  /** SAML NameID / OIDC `sub`. */
  subject: string | null;
  /** The email we would match users by (NameID in email format, or the email attribute / claim). */
  email: string | null;
  /** SAML attributes or OIDC ID-token claims, each value as text. */
  attributes: Record<string, string[]>;
  checks: SsoCheck[];
  /** What a real sign-in with this identity would do now, e.g. "Signs in ada@example.com (Member)". */
  wouldSignIn: string | null;
  testedBy: string;
  at: number;
}

/** The activity action of a test sign-in. */
export const SSO_TEST_ACTION = "sso.test";
