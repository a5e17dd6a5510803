/**
 * The IdP writes to a person who was on the plan before SCIM (issue 14 §2, README "Adopting
 * people who were there before SCIM"): a create for their userName or email, or a PUT or PATCH
 * after its existence check found them. What happens follows the plan's adoption setting:
 *
 * - automatic (default): the write links them (lib/directory/adopt-user.ts) and applies as a PUT;
 * - admin approval: the write is kept as a request and answered 409 until a System Admin
 *   approves; Okta shows our detail on its Tasks page (its Retry, or its next push, then
 *   succeeds), and Entra escrows the failure and retries on its own back-off. A 5xx would say our
 *   service is failing (both IdPs slow or quarantine a whole job for that) and a 2xx would tell
 *   the IdP the change was made when it was not;
 * - refuse: 409, naming the setting, for creates and for PUT and PATCH alike, so the IdP manages
 *   no one it did not provision.
 *
 * The existence check shows these people under every setting, as it always did: hiding them
 * would only turn Okta's PUT into a POST that meets the same rules, and would cost every list
 * query a test (and its counter) on the hot path. Everything here runs only when a write lands
 * on such a person; writes to the IdP's own users pay one comparison (`source`).
 */
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { adoptUser } from "@/lib/directory/adopt-user";
import { adoptionObstacle, adoptionPolicyOf, howAdded } from "@/lib/directory/check-adoption";
import { requestAdoption } from "@/lib/directory/request-adoption";
import { formatDay } from "@/lib/format-time";
import type { SeatCause } from "@/lib/directory/seat-cause";
import { ScimError, scimErrors, toScimErrorBody, type ScimErrorBody } from "../errors";

type Json = Record<string, unknown>;

/** save-scim-user.ts's ScimWriteContext, spelt out so the two files do not import each other. */
interface WriteContext {
  cause: SeatCause & { kind: "scim" };
  now: number;
}

/** The part of a route's result (routes/route-types.ts) a refusal fills in. */
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  userId?: string;
  detail?: string;
}

const WHERE_TO_DECIDE = "Admin Center › Security & Controls › Adoption";

/** Admin approval: thrown before anything is written; the route records the request (withAdoptionRequests). */
export class AdoptionWaiting extends ScimError {
  constructor(
    readonly user: User,
    readonly resource: Json,
  ) {
    super(
      409,
      `'${user.userName}' is already on the plan (${howAdded(user)}). Linking them to the identity provider waits for a System Admin's approval in ${WHERE_TO_DECIDE}; once approved, retry and this request succeeds.`,
      "uniqueness",
    );
  }
}

/**
 * Decides the IdP's write to an unlinked person: throws the refusal or AdoptionWaiting, or
 * links them (automatic) and returns them as linked, for the caller to apply the resource.
 */
export async function adoptScimUser(db: Db, user: User, resource: Json, ctx: WriteContext): Promise<User> {
  const obstacle = await adoptionObstacle(db, user);
  const who = `'${user.userName}' is already on the plan (${howAdded(user)})`;
  if (obstacle?.kind === "domain") {
    throw scimErrors.uniqueness(
      `${who} with the address ${obstacle.email}, whose domain '${obstacle.domain}' is not validated for this plan, so the identity provider cannot take the account over. A System Admin validates '${obstacle.domain}' in Admin Center › Security & Controls › Domains; then retry.`,
    );
  }
  if (obstacle?.kind === "refused") {
    const day = formatDay(obstacle.at, { timeZone: "UTC" });
    throw scimErrors.uniqueness(
      `${who}, and ${obstacle.by} refused on ${day} to link them to the identity provider. They stay managed in the Admin Center; a System Admin can approve the link in ${WHERE_TO_DECIDE}, or unassign them from this app in the identity provider.`,
    );
  }
  const policy = await adoptionPolicyOf(db);
  if (policy === "refuse") {
    throw scimErrors.uniqueness(
      `${who}, and the plan's adoption setting is 'refuse': the identity provider may not create, change or take over people it did not provision. A System Admin can set adoption to automatic or admin approval in ${WHERE_TO_DECIDE} (or \`adoption set automatic\`); then retry.`,
    );
  }
  if (policy === "admin-approval") throw new AdoptionWaiting(user, resource);
  return adoptUser(db, user, { cause: ctx.cause, now: ctx.now });
}

/**
 * Runs a user write (whose own writes are in a savepoint) and, when it waits for approval,
 * records the request and answers the 409 without throwing, so the request's transaction keeps
 * the request row and its log entry.
 */
export async function withAdoptionRequests<R extends Answer>(db: Db, ctx: WriteContext, run: () => R | Promise<R>): Promise<R | (Answer & { body: ScimErrorBody })> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AdoptionWaiting)) throw error;
    await requestAdoption(db, { user: error.user, resource: error.resource, cause: ctx.cause, now: ctx.now });
    return { status: error.status, body: toScimErrorBody(error), headers: error.headers, userId: error.user.id, detail: error.detail };
  }
}

