/**
 * Links a person who was on the plan before SCIM to the identity provider (issue 14 §2): from
 * now on the IdP manages them like anyone it provisioned (source `scim`), and they keep their
 * id, history, sessions and items. The caller applies the IdP's attributes and the seat from DI
 * in the same transaction (lib/scim/users/save-scim-user.ts).
 */
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { recordActivity } from "../activity/record-activity";
import { addressOf, howAdded } from "./check-adoption";
import { settleAdoptionAlert } from "./request-adoption";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";

export interface AdoptUserInput {
  /** The IdP's request (its token), also when an admin approves it later. */
  cause: SeatCause & { kind: "scim" };
  now: number;
  /** The System Admin who approved the request (policy "admin approval"); absent when automatic. */
  approvedBy?: string;
}

/** How the history's "from → to" names where the person came from. */
const SOURCE_NAMES: Record<User["source"], string> = { uap: "UAP", admin: "Admin Center", scim: "SCIM" };

const LINK_SQL = "UPDATE users SET source = 'scim', scim_linked_at = ? WHERE id = ?";
const APPROVE_SQL = "UPDATE adoption_requests SET decision = 'approved', decided_at = ?, decided_by = ? WHERE user_id = ? AND decided_at IS NULL";

export async function adoptUser(db: Db, user: User, { cause, now, approvedBy }: AdoptUserInput): Promise<User> {
  await db.execute(LINK_SQL, now, user.id);
  const closed = await db.execute(APPROVE_SQL, now, approvedBy ?? "automatic adoption", user.id);
  const via = actorOf(cause);
  await recordActivity(db, {
    at: now,
    kind: "user",
    actor: approvedBy ?? via,
    action: "user.linked",
    userId: user.id,
    fromValue: SOURCE_NAMES[user.source],
    toValue: SOURCE_NAMES.scim,
    reason: `Linked to the identity provider (${via}${approvedBy ? `, approved by ${approvedBy}` : ", adoption automatic"}): ${addressOf(user)} was ${howAdded(user)} and keeps their history, sessions and items`,
    details: { ...causeDetails(cause), previousSource: user.source, ...(approvedBy ? { approvedBy } : {}) },
  });
  if (closed.changes > 0) await settleAdoptionAlert(db, now);
  return { ...user, source: "scim", scimLinkedAt: now };
}
