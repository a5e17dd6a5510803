/**
 * A System Admin approves links the IdP asked for (adoption "admin approval", issue 14 §2): each
 * person is linked and the IdP's stored resource is applied as its PUT would have been (its
 * attributes, externalId, the seat from DI), so the IdP's next request finds them linked and
 * succeeds. An admin may also approve a link refused earlier. All or none.
 */
import { inTransaction, type Db } from "@/db/client";
import { adoptUser } from "@/lib/directory/adopt-user";
import { addressOf, isUnlinked } from "@/lib/directory/check-adoption";
import { requireAdoptionRequest } from "@/lib/directory/refuse-adoption";
import { AppError } from "@/lib/errors";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { ScimError } from "../errors";
import { normalizeResource } from "../normalize";
import { RESOURCE_TYPES } from "../schemas";
import { updateScimUser } from "./save-scim-user";

export async function approveAdoptions(db: Db, refs: string[], actor: string, now: number): Promise<string[]> {
  if (refs.length === 0) throw new AppError("invalid", "Name at least one person (email, userName or id) whose link to approve.");
  return inTransaction(db, async (tx) => {
    const approved: string[] = [];
    for (const ref of refs) {
      const { user, request } = await requireAdoptionRequest(tx, ref, { orRefused: true });
      const who = addressOf(user);
      if (!isUnlinked(user)) {
        throw new AppError("conflict", `${who} cannot be linked any more: they are ${user.seatType === "Guest" ? "a Guest now" : "already managed by the identity provider"}.`);
      }
      // The request's actor is actorOf(its cause), "SCIM token 'Okta'": the token's name as it was then.
      const cause = { kind: "scim" as const, tokenId: request.tokenId, tokenName: request.actor.replace(/^SCIM token '(.*)'$/, "$1"), requestPath: "adoption approved" };
      try {
        // The IdP's body as stored, checked again now: domains or other users may have changed since.
        const resource = normalizeResource(RESOURCE_TYPES.User, { ...request.resource, schemas: [SCHEMA_URNS.user] }, { mode: "replace" });
        const linked = await adoptUser(tx, user, { cause, now, approvedBy: actor });
        await updateScimUser(tx, linked, resource, { cause, now });
      } catch (error) {
        if (error instanceof ScimError) {
          throw new AppError("conflict", `${who} cannot be linked with what the identity provider sent: ${error.detail}`);
        }
        throw error;
      }
      approved.push(who);
    }
    return approved;
  });
}
