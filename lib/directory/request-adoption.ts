/**
 * Adoption under "admin approval" (issue 14 §2): the IdP's write for a person who was on the
 * plan before SCIM is kept as a request for a System Admin, with what the IdP sent, and the
 * adoption.waiting alert goes out (the Overview, the webhooks). A repeat of the same request
 * updates the open one, so an IdP retrying for days leaves one row a person.
 */
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { clearAlert, raiseAlert } from "@/lib/alerts/raise-alert";
import { newId } from "@/lib/ids";
import { recordActivity } from "../activity/record-activity";
import { addressOf, howAdded } from "./check-adoption";
import { actorOf, causeDetails, type SeatCause } from "./seat-cause";

export const ADOPTION_ALERT_KEY = "adoption.waiting";
export const ADOPTION_PAGE = "/security/adoption";

export interface AdoptionRequestInput {
  user: User;
  /** What the IdP sent (a create's or replace's body, a patch's result), password removed. */
  resource: Record<string, unknown>;
  cause: SeatCause & { kind: "scim" };
  now: number;
}

const OPEN_REQUEST_SQL = "SELECT id FROM adoption_requests WHERE user_id = ? AND decided_at IS NULL";
const REFRESH_REQUEST_SQL = "UPDATE adoption_requests SET resource = ?, external_id = ?, token_id = ?, actor = ?, updated_at = ? WHERE id = ?";
const INSERT_REQUEST_SQL = `INSERT INTO adoption_requests (id, user_id, resource, external_id, token_id, actor, requested_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const PENDING_COUNT_SQL = "SELECT count(*) AS n FROM adoption_requests WHERE decided_at IS NULL";

/** Records or refreshes the person's open request; true when it is new. Call in the request's transaction. */
export async function requestAdoption(db: Db, { user, resource, cause, now }: AdoptionRequestInput): Promise<boolean> {
  const { password: _password, ...kept } = resource;
  const externalId = typeof kept.externalId === "string" ? kept.externalId : null;
  const actor = actorOf(cause);
  const open = await db.row<{ id: string }>(OPEN_REQUEST_SQL, user.id);
  if (open) {
    await db.execute(REFRESH_REQUEST_SQL, JSON.stringify(kept), externalId, cause.tokenId, actor, now, open.id);
    return false;
  }
  await db.execute(INSERT_REQUEST_SQL, newId(), user.id, JSON.stringify(kept), externalId, cause.tokenId, actor, now, now);
  await recordActivity(db, {
    at: now,
    kind: "user",
    actor,
    action: "adoption.requested",
    userId: user.id,
    reason: `The identity provider asks to link ${addressOf(user)} (${howAdded(user)}); the plan's adoption setting is admin approval, so it waits for a System Admin in Security & Controls › Adoption`,
    details: { ...causeDetails(cause), ...(externalId ? { externalId } : {}) },
  });
  await raiseAlert(
    db,
    {
      event: "adoption.waiting",
      key: ADOPTION_ALERT_KEY,
      summary: "People who were on the plan before SCIM wait for a System Admin to approve linking them to the identity provider.",
      details: { userName: user.userName, requestedBy: actor },
      link: ADOPTION_PAGE,
    },
    now,
  );
  return true;
}

export async function countPendingAdoptions(db: Db): Promise<number> {
  return (await db.row<{ n: number }>(PENDING_COUNT_SQL))!.n;
}

/** The adoption.waiting alert is over once nothing waits: a later request alerts again. */
export async function settleAdoptionAlert(db: Db, now: number): Promise<void> {
  if (await countPendingAdoptions(db) === 0) await clearAlert(db, ADOPTION_ALERT_KEY, now);
}
