import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import type { SessionMethod, User } from "@/db/schema";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { getPlan } from "@/lib/plan/get-plan";
import { startPlanUserSession } from "@/lib/sessions/plan-user-sessions";
import { findUserByEmail, findUserById } from "@/lib/users/user-queries";
import { recordActivity } from "../activity/record-activity";
import { insertPlanUser } from "./insert-plan-user";

export interface SignInPlanUserInput {
  /** The email the IdP asserted (SAML NameID / OIDC email claim), already verified by lib/sso. */
  email: string;
  method: Exclude<SessionMethod, "password">;
  now: number;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}

/** Why a person the IdP vouched for still may not in; each has its own page (app/(auth)/sso/refused). */
export type PlanUserRefusal = "deactivated" | "not-on-plan" | "not-on-validated-domain";

export type PlanUserSignIn =
  | { ok: true; sessionSecret: string; user: User; provisioned: boolean; firstSignIn: boolean }
  | { ok: false; reason: PlanUserRefusal; email: string; userId: string | null; message: string };

const emailSchema = z.email({ error: "The identity provider sent no usable email address." });

const SIGNED_IN_SQL = "UPDATE users SET first_sign_in_at = ?, last_sign_in_at = ? WHERE id = ?";

/**
 * A plan user signs in to the product (docs/product.md §1, §3, §4). The identity was already
 * proven by the IdP's SSO (lib/sso); this decides whether the user may in: a deactivated user
 * is refused, an unknown person on a validated domain is added by UAP when it is on, and the
 * first sign-in takes the user out of "not signed in yet". Every outcome is an activity
 * entry with the client address; a refusal creates nothing else.
 */
export async function signInPlanUser(db: Db, input: SignInPlanUserInput): Promise<PlanUserSignIn> {
  const address = emailSchema.parse(input.email.trim());
  const { now, clientAddress } = input;
  const via = input.method === "saml" ? "SAML" : "OpenID Connect";
  return inTransaction(db, async (tx): Promise<PlanUserSignIn> => {
    const refuse = async (reason: PlanUserRefusal, userId: string | null, message: string): Promise<PlanUserSignIn> => {
      await recordActivity(tx, {
        at: now,
        kind: "auth",
        actor: address,
        action: "sso.sign-in.refused",
        userId,
        clientAddress,
        reason: message,
        details: { method: input.method, refusal: reason },
      });
      return { ok: false, reason, email: address, userId, message };
    };

    let user = await findUserByEmail(tx, address);
    let provisioned = false;
    if (!user) {
      if (!await isEmailOnValidatedDomain(tx, address)) {
        return refuse("not-on-validated-domain", null, `${address} is not on a validated domain of this plan`);
      }
      if (!(await getPlan(tx))?.uapEnabled) {
        return refuse("not-on-plan", null, `${address} is not a user of this plan and user auto-provisioning (UAP) is off: the identity provider provisions people`);
      }
      user = await insertPlanUser(tx, { email: address, seatType: "Contributor", seatSetBy: "default", source: "uap", now });
      await recordActivity(tx, {
        at: now,
        kind: "seat",
        actor: "system",
        action: "seat.provisioned",
        userId: user.id,
        toValue: "Contributor",
        reason: `Added by user auto-provisioning (UAP): ${address} signed in with an email on a validated domain`,
        details: { cause: "product", detail: "uap" },
      });
      provisioned = true;
    }
    if (user.status === "deactivated") {
      return refuse("deactivated", user.id, `Sign-in refused: ${address} is deactivated`);
    }
    const firstSignIn = user.firstSignInAt === null;
    await tx.execute(SIGNED_IN_SQL, user.firstSignInAt ?? now, now, user.id);
    const sessionSecret = await startPlanUserSession(tx, { userId: user.id, method: input.method, now, clientAddress, userAgent: input.userAgent });
    await recordActivity(tx, {
      at: now,
      kind: "auth",
      actor: address,
      action: "sso.sign-in",
      userId: user.id,
      clientAddress,
      reason: `Signed in through the identity provider (${via})${firstSignIn ? ": first sign-in" : ""}${provisioned ? ", added by UAP as Contributor" : ""}`,
      details: { method: input.method, firstSignIn, provisioned },
    });
    return { ok: true, sessionSecret, user: (await findUserById(tx, user.id))!, provisioned, firstSignIn };
  });
}
