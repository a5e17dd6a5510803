/**
 * A System Admin refuses to link people to the identity provider (adoption "admin approval",
 * issue 14 §2): they stay as they are, unlinked, and the IdP's later writes for them keep
 * getting the refusal (lib/directory/check-adoption.ts) until an admin approves after all.
 */
import { inTransaction, prepareCached, type Db } from "@/db/client";
import type { AdoptionRequest, User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordActivity } from "../activity/record-activity";
import { addressOf } from "./check-adoption";
import { requireUser } from "./find-user";
import { settleAdoptionAlert } from "./request-adoption";

interface RequestRow {
  id: string;
  resource: string;
  external_id: string | null;
  token_id: string | null;
  actor: string;
  requested_at: number;
  updated_at: number;
  decision: AdoptionRequest["decision"];
  decided_at: number | null;
  decided_by: string | null;
}

export interface AdoptionRequestOf {
  user: User;
  request: AdoptionRequest;
}

/**
 * The request an admin means by a person's email, userName or id: the open one, or with
 * `orRefused` the latest refused one (an admin may approve what was refused before).
 */
export function requireAdoptionRequest(db: Db, ref: string, { orRefused = false } = {}): AdoptionRequestOf {
  const user = requireUser(db, ref);
  const row = prepareCached(
    db,
    "SELECT * FROM adoption_requests WHERE user_id = ? ORDER BY requested_at DESC LIMIT 1",
  ).get(user.id) as RequestRow | undefined;
  const usable = row && (row.decided_at === null || (orRefused && row.decision === "refused"));
  if (!row || !usable) {
    const what = orRefused ? "no request waiting or refused" : "no request waiting";
    throw new AppError(
      "not_found",
      `${addressOf(user)} has ${what} to be linked to the identity provider${row?.decision === "approved" ? " (already linked)" : ""}.`,
    );
  }
  return {
    user,
    request: {
      id: row.id,
      userId: user.id,
      resource: JSON.parse(row.resource) as Record<string, unknown>,
      externalId: row.external_id,
      tokenId: row.token_id,
      actor: row.actor,
      requestedAt: row.requested_at,
      updatedAt: row.updated_at,
      decision: row.decision,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by,
    },
  };
}

/** Refuses each named person's waiting request, all or none; returns their addresses. */
export function refuseAdoptions(db: Db, refs: string[], actor: string, now: number): string[] {
  if (refs.length === 0) throw new AppError("invalid", "Name at least one person (email, userName or id) whose link to refuse.");
  return inTransaction(db, () => {
    const found = refs.map((ref) => requireAdoptionRequest(db, ref));
    for (const { user, request } of found) {
      prepareCached(db, "UPDATE adoption_requests SET decision = 'refused', decided_at = ?, decided_by = ? WHERE id = ?").run(
        now,
        actor,
        request.id,
      );
      recordActivity(db, {
        at: now,
        kind: "user",
        actor,
        action: "adoption.refused",
        userId: user.id,
        reason: `Link to the identity provider refused: ${addressOf(user)} stays as they are, and the identity provider's requests for them (${request.actor}) are refused until a System Admin approves`,
      });
    }
    settleAdoptionAlert(db, now);
    return found.map(({ user }) => addressOf(user));
  });
}
