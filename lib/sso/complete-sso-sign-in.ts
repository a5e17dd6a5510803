/**
 * The last step of every SSO answer, once the protocol (lib/sso/complete-saml-response.ts,
 * complete-oidc-callback.ts) has proven who the person is, or failed to: a sign-in goes to
 * signInPlanUser (which decides whether they may in, and logs it); an admin's Test sign-in
 * records what was seen (`sso.test`) and creates nothing; a protocol failure is an
 * `sso.refused` entry that says which check failed, and nothing else.
 */
import type { Db } from "@/db/client";
import type { SsoProtocol } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { signInPlanUser, type PlanUserRefusal } from "@/lib/directory/sign-in-plan-user";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { getPlan } from "@/lib/plan/get-plan";
import { findUserByEmail } from "@/lib/users/user-queries";
import { SSO_TEST_ACTION, type SsoCheck, type SsoTestResult } from "./sso-test-result";
import type { SsoPurpose } from "./sso-requests";

/** Why the person sees /sso/refused: what signInPlanUser refused, or a response we could not trust. */
export type SsoRefusal = PlanUserRefusal | "invalid-response" | "expired-request";

export type SsoOutcome =
  | { kind: "signed-in"; sessionSecret: string; returnTo: string }
  | { kind: "refused"; reason: SsoRefusal; email: string | null }
  /** An admin's test: the result page reads activity entry `activityId`. */
  | { kind: "tested"; activityId: number };

/** What the IdP vouched for, after every protocol check passed. */
export interface VerifiedIdentity {
  protocol: SsoProtocol;
  subject: string;
  email: string;
  attributes: Record<string, string[]>;
  checks: SsoCheck[];
}

export interface SsoAnswerContext {
  purpose: SsoPurpose;
  /** Same-origin path to open after a sign-in. */
  returnTo: string;
  testedBy: string | null;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** What a real sign-in would do for `email` now, without doing it (the Test sign-in's last line). */
export async function describeSignIn(db: Db, email: string): Promise<string> {
  const user = await findUserByEmail(db, email);
  if (user?.status === "deactivated") return `Refused: ${email} is deactivated`;
  if (user) return `Signs in ${email} (${user.seatType})${user.firstSignInAt === null ? ": their first sign-in" : ""}`;
  if (!await isEmailOnValidatedDomain(db, email)) return `Refused: ${email} is not on a validated domain of this plan`;
  if ((await getPlan(db))?.uapEnabled) return `Adds ${email} as a Contributor (user auto-provisioning) and signs them in`;
  return `Refused: ${email} is not a user of this plan and user auto-provisioning (UAP) is off`;
}

// Written here rather than through recordActivity: the test's result page needs the entry's id.
const INSERT_TEST = `INSERT INTO activity (at, kind, actor, action, client_address, reason, details)
  VALUES (?, 'auth', ?, ?, ?, ?, ?) RETURNING id`;

async function recordTest(db: Db, result: SsoTestResult, clientAddress: string | undefined): Promise<number> {
  const reason = result.ok
    ? `Test sign-in through the identity provider passed every check${result.email ? ` for ${result.email}` : ""}`
    : `Test sign-in through the identity provider failed: ${result.error}`;
  return (await db.row<{ id: number }>(INSERT_TEST, result.at, result.testedBy, SSO_TEST_ACTION, clientAddress ?? null, reason, JSON.stringify(result)))!.id;
}

export async function completeSsoSignIn(db: Db, identity: VerifiedIdentity, context: SsoAnswerContext): Promise<SsoOutcome> {
  if (context.purpose === "test") {
    const activityId = await recordTest(
      db,
      {
        protocol: identity.protocol,
        ok: true,
        error: null,
        subject: identity.subject,
        email: identity.email,
        attributes: identity.attributes,
        checks: identity.checks,
        wouldSignIn: await describeSignIn(db, identity.email),
        testedBy: context.testedBy ?? "unknown",
        at: context.now,
      },
      context.clientAddress,
    );
    return { kind: "tested", activityId };
  }
  const result = await signInPlanUser(db, {
    email: identity.email,
    method: identity.protocol,
    now: context.now,
    clientAddress: context.clientAddress,
    userAgent: context.userAgent,
  });
  return result.ok
    ? { kind: "signed-in", sessionSecret: result.sessionSecret, returnTo: context.returnTo }
    : { kind: "refused", reason: result.reason, email: result.email };
}

export interface SsoFailure {
  protocol: SsoProtocol;
  /** The check that failed, as the admin reads it ("Signature", "Audience", …). */
  check: string;
  /** Why, in words an admin can act on. */
  reason: string;
  /** What the person sees: most failures are "invalid-response"; an answer too late is "expired-request". */
  refusal?: "invalid-response" | "expired-request";
  /** The checks that ran before it, and the failed one, for a test's result page. */
  checks: SsoCheck[];
  /** Whatever the response claimed, unverified (only shown on a test's result page, labelled so). */
  subject?: string | null;
  email?: string | null;
  attributes?: Record<string, string[]>;
}

/**
 * A response we cannot trust: an activity entry naming the check, nothing created. A test
 * shows the failure on its result page instead.
 */
export async function refuseSsoResponse(
  db: Db,
  failure: SsoFailure,
  context: Omit<SsoAnswerContext, "returnTo"> & { emailHint?: string | null },
): Promise<SsoOutcome> {
  if (context.purpose === "test") {
    const activityId = await recordTest(
      db,
      {
        protocol: failure.protocol,
        ok: false,
        error: `${failure.check}: ${failure.reason}`,
        subject: failure.subject ?? null,
        email: failure.email ?? null,
        attributes: failure.attributes ?? {},
        checks: failure.checks,
        wouldSignIn: null,
        testedBy: context.testedBy ?? "unknown",
        at: context.now,
      },
      context.clientAddress,
    );
    return { kind: "tested", activityId };
  }
  const protocolName = failure.protocol === "saml" ? "SAML" : "OpenID Connect";
  await recordActivity(db, {
    at: context.now,
    kind: "auth",
    actor: context.emailHint ?? "identity provider",
    action: "sso.refused",
    clientAddress: context.clientAddress ?? null,
    reason: `Single sign-on refused (${protocolName}, ${failure.check}): ${failure.reason}`,
    details: { protocol: failure.protocol, check: failure.check },
  });
  return { kind: "refused", reason: failure.refusal ?? "invalid-response", email: context.emailHint ?? null };
}

/** A Test sign-in that could not start (no connection, the OP unreachable…): its result page says why. */
export async function recordSsoTestFailure(
  db: Db,
  input: { protocol: SsoProtocol; error: unknown; testedBy: string; now: number; clientAddress?: string | undefined },
): Promise<SsoOutcome> {
  const reason = input.error instanceof Error ? input.error.message : String(input.error);
  return refuseSsoResponse(
    db,
    { protocol: input.protocol, check: "Start", reason, checks: [{ name: "Start", ok: false, detail: reason }] },
    { purpose: "test", testedBy: input.testedBy, now: input.now, clientAddress: input.clientAddress },
  );
}
