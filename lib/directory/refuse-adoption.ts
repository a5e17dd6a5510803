/**
 * A System Admin refuses to link people to the identity provider (adoption "admin approval",
 * issue 14 §2): they stay as they are, unlinked, and the IdP's later writes for them keep
 * getting the refusal (lib/directory/check-adoption.ts) until an admin approves after all.
 */
import { inTransaction, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { adoptionRequests, type AdoptionRequest, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordActivity } from "../activity/record-activity";
import { addressOf } from "./check-adoption";
import { requireUser } from "./find-user";
import { settleAdoptionAlert } from "./request-adoption";

export interface AdoptionRequestOf {
  user: User;
  request: AdoptionRequest;
}

const adoptionRequests$ = columnsOf(adoptionRequests);
const LATEST_REQUEST_SQL = `SELECT ${adoptionRequests$.list} FROM adoption_requests WHERE user_id = ? ORDER BY requested_at DESC LIMIT 1`;
const REFUSE_SQL = "UPDATE adoption_requests SET decision = 'refused', decided_at = ?, decided_by = ? WHERE id = ?";

/**
 * The request an admin means by a person's email, userName or id: the open one, or with
 * `orRefused` the latest refused one (an admin may approve what was refused before).
 */
export async function requireAdoptionRequest(db: Db, ref: string, { orRefused = false } = {}): Promise<AdoptionRequestOf> {
  const user = await requireUser(db, ref);
  const request = adoptionRequests$.mapOptional(await db.row(LATEST_REQUEST_SQL, user.id));
  const usable = request && (request.decidedAt === null || (orRefused && request.decision === "refused"));
  if (!request || !usable) {
    const what = orRefused ? "no request waiting or refused" : "no request waiting";
    throw new AppError(
      "not_found",
      `${addressOf(user)} has ${what} to be linked to the identity provider${request?.decision === "approved" ? " (already linked)" : ""}.`,
    );
  }
  return { user, request };
}

/** Refuses each named person's waiting request, all or none; returns their addresses. */
export async function refuseAdoptions(db: Db, refs: string[], actor: string, now: number): Promise<string[]> {
  if (refs.length === 0) throw new AppError("invalid", "Name at least one person (email, userName or id) whose link to refuse.");
  return inTransaction(db, async (tx) => {
    const found = [];
    for (const ref of refs) found.push(await requireAdoptionRequest(tx, ref));
    for (const { user, request } of found) {
      await tx.execute(REFUSE_SQL, now, actor, request.id);
      await recordActivity(tx, {
        at: now,
        kind: "user",
        actor,
        action: "adoption.refused",
        userId: user.id,
        reason: `Link to the identity provider refused: ${addressOf(user)} stays as they are, and the identity provider's requests for them (${request.actor}) are refused until a System Admin approves`,
      });
    }
    await settleAdoptionAlert(tx, now);
    return found.map(({ user }) => addressOf(user));
  });
}
