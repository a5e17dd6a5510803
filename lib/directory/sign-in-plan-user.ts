import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { users, userSessions, type User } from "@/db/schema";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { getPlan } from "@/lib/plan/get-plan";
import { findUserByEmail, findUserById } from "@/lib/users/user-queries";
import { recordActivity } from "../activity/record-activity";
import { insertPlanUser } from "./insert-plan-user";

export const PLAN_USER_SESSION_MS = 12 * 60 * 60 * 1000;

export interface PlanUserSession {
  sessionId: string;
  expiresAt: number;
  user: User;
  /** The user was added by UAP at this sign-in. */
  provisioned: boolean;
}

/**
 * A plan user signs in to the product (docs/product.md §1, §3, §4). The identity was already proven
 * by the IdP's SSO; this decides whether the user may in: a deactivated user is refused,
 * an unknown person on a validated domain is added by UAP when it is on, and the first
 * sign-in takes the user out of "not signed in yet".
 */
export function signInPlanUser(db: Db, email: string, now: number): PlanUserSession {
  const address = z.email({ error: "Give an email address." }).parse(email.trim());
  return inTransaction(db, () => {
    let user = findUserByEmail(db, address);
    let provisioned = false;
    if (!user) {
      const plan = getPlan(db);
      if (!plan?.uapEnabled || !isEmailOnValidatedDomain(db, address)) {
        throw new AppError(
          "forbidden",
          `${address} is not a user of this plan. Ask a System Admin to add you${plan?.uapEnabled ? "" : " (user auto-provisioning is off)"}.`,
        );
      }
      user = insertPlanUser(db, { email: address, seatType: "Contributor", seatSetBy: "default", source: "uap", now });
      recordActivity(db, {
        at: now,
        kind: "seat",
        actor: "system",
        action: "seat.changed",
        userId: user.id,
        toValue: "Contributor",
        reason: `Added by user auto-provisioning (UAP): ${address} signed in with an email on a validated domain`,
        details: { cause: "product", detail: "uap" },
      });
      provisioned = true;
    }
    if (user.status === "deactivated") {
      recordActivity(db, {
        at: now,
        kind: "auth",
        actor: address,
        action: "auth.plan_user_refused",
        userId: user.id,
        reason: "Sign-in refused: the user is deactivated",
      });
      throw new AppError("forbidden", `${address} is deactivated and cannot sign in. A System Admin can reactivate the account.`);
    }
    db.update(users)
      .set({ firstSignInAt: user.firstSignInAt ?? now, lastSignInAt: now })
      .where(eq(users.id, user.id))
      .run();
    const sessionId = newId();
    const expiresAt = now + PLAN_USER_SESSION_MS;
    db.insert(userSessions).values({ id: sessionId, userId: user.id, createdAt: now, expiresAt }).run();
    return { sessionId, expiresAt, user: findUserById(db, user.id)!, provisioned };
  });
}

/** Is a plan user's session still open? Deactivation ends sessions at once (docs/product.md §3). */
export function isPlanSessionOpen(db: Db, sessionId: string, now: number): boolean {
  const row = db
    .select({ expiresAt: userSessions.expiresAt, status: users.status })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .get();
  return row !== undefined && row.status === "active" && row.expiresAt > now;
}
