/**
 * Adoption (issue 14 §2, README "Adopting people who were there before SCIM"): whether the
 * identity provider may link a person who was on the plan before SCIM (added by UAP or by an
 * admin) to its own identity, and what the plan's adoption setting says. Read only when an
 * IdP write lands on such a person, never on the path of SCIM's own users.
 */
import type { Db } from "@/db/client";
import type { AdoptionPolicy, User } from "@/db/schema";
import { emailDomain } from "@/lib/domains/domain-name";
import { isEmailOnValidatedDomain } from "@/lib/domains/validated-domains";
import { formatDay } from "@/lib/format-time";

/**
 * Someone the IdP did not provision and has not been linked to it yet. Guests are never
 * candidates (external people, managed only in the Admin Center), nor are users the IdP
 * itself deleted (only an admin brings those back).
 */
export function isUnlinked(user: Pick<User, "source" | "seatType" | "scimDeletedAt">): boolean {
  return user.source !== "scim" && user.seatType !== "Guest" && user.scimDeletedAt === null;
}

const ADOPTION_POLICY_SQL = "SELECT adoption_policy AS policy FROM plan WHERE id = 1";

export async function adoptionPolicyOf(db: Db): Promise<AdoptionPolicy> {
  return (await db.row<{ policy: AdoptionPolicy }>(ADOPTION_POLICY_SQL))?.policy ?? "automatic";
}

/** Why this person cannot be linked whatever the policy; null when nothing stands in the way. */
export type AdoptionObstacle =
  | { kind: "domain"; email: string; domain: string }
  | { kind: "refused"; by: string; at: number };

/** The address the plan knows the person by: their email, else an email-shaped userName. */
export function addressOf(user: Pick<User, "email" | "userName">): string {
  return user.email ?? user.userName;
}

export async function adoptionObstacle(db: Db, user: Pick<User, "id" | "email" | "userName">): Promise<AdoptionObstacle | null> {
  // A validated domain is the plan's proof that the organisation runs these identities; without
  // it, an IdP naming the same address proves nothing, and taking the account over would hand
  // someone's history and items to whoever controls that IdP.
  const email = addressOf(user);
  if (!await isEmailOnValidatedDomain(db, email)) {
    return { kind: "domain", email, domain: emailDomain(email) ?? email };
  }
  const latest = await latestAdoptionDecision(db, user.id);
  if (latest?.decision === "refused") return { kind: "refused", by: latest.decidedBy ?? "a System Admin", at: latest.decidedAt ?? 0 };
  return null;
}

interface DecisionRow {
  decision: "approved" | "refused" | null;
  decidedBy: string | null;
  decidedAt: number | null;
}

const LATEST_DECISION_SQL = `SELECT decision, decided_by AS "decidedBy", decided_at AS "decidedAt" FROM adoption_requests
      WHERE user_id = ? ORDER BY requested_at DESC LIMIT 1`;

/** The person's latest request, decided or not (adoption_requests_user_idx). */
export async function latestAdoptionDecision(db: Db, userId: string): Promise<DecisionRow | undefined> {
  return db.row<DecisionRow>(LATEST_DECISION_SQL, userId);
}

const SOURCE_WORDS: Record<User["source"], string> = {
  uap: "by user auto-provisioning (UAP)",
  admin: "by a System Admin",
  scim: "by the identity provider",
};

/** "added by user auto-provisioning (UAP) on 2 Dec 2026", for messages the IdP and admins read. */
export function howAdded(user: Pick<User, "source" | "createdAt">): string {
  return `added ${SOURCE_WORDS[user.source]} on ${formatDay(user.createdAt, { timeZone: "UTC" })}`;
}
