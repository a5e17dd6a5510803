/** /Users (RFC 7644 §3.3–§3.6) over the user store. */
import { inTransaction, type Db, type SqlParam } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import { deactivateUser } from "@/lib/directory/deactivate-user";
import { heldStatesOf, type HeldState } from "@/lib/directory/list-held-changes";
import { scimErrors } from "../errors";
import { compileSort } from "../filter";
import { compileUserFilter } from "../filter/compile-user-filter";
import type { ListRequest } from "../list-request";
import { normalizeResource } from "../normalize";
import { applyPatch, parsePatchRequest } from "../patch";
import { projectResource } from "../projection";
import { RESOURCE_TYPES } from "../schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { withAdoptionRequests } from "../users/adopt-scim-user";
import { deleteScimUser, insertScimUser, syncScimUser, updateScimUser } from "../users/save-scim-user";
import { etagOf, renderScimUser } from "../users/user-columns";
import { countUsers, findScimUser, groupsOfUser, selectUsers, selectUsersWithGroups } from "@/lib/users/user-queries";
import { visibleRankStart } from "@/lib/users/visible-user-ranks";
import type { User } from "@/db/schema";
import { checkIfMatch, notModified } from "./etag";
import { withIgnored, type RouteResult, type ScimCall } from "./route-types";
import { listResponse, projectionOf, wantsAttribute } from "./list-response";
import { continuedAfter, cursorFor, rememberPageEnd } from "./user-page-cursor";

const RT = RESOURCE_TYPES.User;

async function loadUser(db: Db, id: string): Promise<User> {
  const user = await findScimUser(db, id);
  if (!user) throw scimErrors.notFound(`No User with id '${id}'.`);
  return user;
}

/**
 * `created`: the row a create's INSERT returned. A new id is in no group and has nothing held,
 * so neither is read; the answer is 201 with its Location.
 */
async function respondWithUser(call: ScimCall, user: User, status: number, { created = false }: { created?: boolean } = {}): Promise<RouteResult> {
  const projection = projectionOf(call.query);
  const groups = !created && wantsAttribute(projection, "groups") ? await groupsOfUser(call.db, user.id) : [];
  const held = created ? undefined : (await heldStatesOf(call.db, [user.id], call.openTrip)).get(user.id);
  const body = projectResource(RT, renderScimUser(user, groups, call.baseUrl, held), projection);
  const headers: Record<string, string> = { ETag: etagOf(user.version) };
  if (status === 201) headers.Location = `${call.baseUrl}/Users/${user.id}`;
  return { status, body, headers, userId: user.id };
}

export async function listUsers(call: ScimCall, list: ListRequest): Promise<RouteResult> {
  const d = dialectOf(call.db.engine);
  const { sql: where, params } = list.filter
    ? compileUserFilter(list.filter, d.engine)
    : { sql: d.true, params: [] as SqlParam[] };
  const orderBy = list.sortBy ? compileSort("User", list.sortBy, list.sortOrder, d.engine) : d.rowid("users");
  // Okta's existence check (`userName eq`, startIndex 1) returns a short first page: then
  // the page's length is the total, and the count query is skipped.
  // An unsorted page right after this token's previous one continues from its last rowid.
  const cursorKey = list.sortBy ? null : { tokenId: call.ctx.cause.tokenId, where, params, count: list.count };
  const after = cursorKey ? cursorFor(call.db, cursorKey, list.startIndex, call.ctx.now) : undefined;
  // Any other page of the whole list starts at the nearest rank checkpoint: the same rows as OFFSET.
  const ranked = after === undefined && where === d.true && !list.sortBy ? await visibleRankStart(call.db, list.startIndex - 1) : undefined;
  const page =
    after !== undefined
      ? { ...continuedAfter(d, where, params, after), orderBy, limit: list.count, offset: 0 }
      : ranked
        ? { ...continuedAfter(d, where, params, ranked.afterRowid), orderBy, limit: list.count, offset: ranked.skip }
        : { where, params, orderBy, limit: list.count, offset: list.startIndex - 1 };
  let rows =
    list.count === 0
      ? []
      : wantsAttribute(list, "groups")
        ? await selectUsersWithGroups(call.db, page)
        : (await selectUsers(call.db, page)).map((user) => ({ user, groups: [] }));
  const total = list.startIndex === 1 && rows.length < list.count ? rows.length : await countUsers(call.db, where, params);
  if (total < list.startIndex) rows = [];
  const last = rows.at(-1);
  if (cursorKey && last && rows.length === list.count) await rememberPageEnd(call.db, cursorKey, list.startIndex, last.user.id, call.ctx.now);
  const held = await heldStatesOf(call.db, rows.map(({ user }) => user.id), call.openTrip);
  const resources = rows.map(({ user, groups }) =>
    projectResource(RT, renderScimUser(user, groups, call.baseUrl, held.get(user.id)), list),
  );
  return { status: 200, body: listResponse(total, list.startIndex, resources) };
}

export async function getUser(call: ScimCall, id: string): Promise<RouteResult> {
  const user = await loadUser(call.db, id);
  if (notModified(call.ifNoneMatch, etagOf(user.version))) {
    return { status: 304, headers: { ETag: etagOf(user.version) }, userId: user.id };
  }
  return respondWithUser(call, user, 200);
}

/**
 * RFC 7644 §3.3. A create for someone who was on the plan before SCIM answers 201 with them (their
 * own id) once adopted, or the 409 its adoption rules give (users/adopt-scim-user.ts).
 */
export async function createUser(call: ScimCall): Promise<RouteResult> {
  const ignored: string[] = [];
  const resource = normalizeResource(RT, call.body, { mode: "create", ignored });
  return withAdoptionRequests(call.db, call.ctx, async () => {
    const saved = await inTransaction(call.db, async (tx) => insertScimUser(tx, resource, call.ctx));
    const answer = saved.created && saved.user ? await respondWithUser(call, saved.user, 201, { created: true }) : await respondWithUser(call, await loadUser(call.db, saved.id), 201);
    return withIgnored(answer, ignored);
  });
}

export async function replaceUser(call: ScimCall, id: string): Promise<RouteResult> {
  const ignored: string[] = [];
  const resource = normalizeResource(RT, call.body, { mode: "replace", ignored });
  return withAdoptionRequests(call.db, call.ctx, async () => {
    const saved = await inTransaction(call.db, async (tx) => {
      const user = await loadUser(tx, id);
      checkIfMatch(call.ifMatch, etagOf(user.version));
      return updateScimUser(tx, user, resource, call.ctx);
    });
    return withIgnored(await respondWithUser(call, saved.user ?? await loadUser(call.db, id), 200), ignored);
  });
}

/**
 * The user as a canonical resource, the starting point of a PATCH. A held deactivation counts as
 * what the IdP last said (active:false), so a PATCH of other attributes (Entra sends only what
 * changed) does not read as the IdP taking it back; only an explicit active:true does.
 */
function currentResource(user: User, held: HeldState | undefined): Record<string, unknown> {
  return {
    schemas: [SCHEMA_URNS.user],
    ...user.resource,
    userName: user.userName,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    active: user.status === "active" && (held === undefined || held.kind === "downgrade"),
  };
}

export async function patchUser(call: ScimCall, id: string): Promise<RouteResult> {
  const ops = parsePatchRequest(call.body);
  const ignored: string[] = [];
  return withAdoptionRequests(call.db, call.ctx, async () => patchUserNow(call, id, ops, ignored));
}

async function patchUserNow(call: ScimCall, id: string, ops: ReturnType<typeof parsePatchRequest>, ignored: string[]): Promise<RouteResult> {
  const written = await inTransaction(call.db, async (tx): Promise<User | undefined> => {
    const user = await loadUser(tx, id);
    checkIfMatch(call.ifMatch, etagOf(user.version));
    const held = (await heldStatesOf(tx, [user.id])).get(user.id);
    const { resource: patched, changed } = applyPatch(RT, currentResource(user, held), ops, { resourceId: user.id, ignored });
    // RFC 7644 §3.5.2.1: a PATCH that changes nothing (an add of a value already there)
    // leaves version and lastModified alone; it is still a sync of the user (docs/product.md §3).
    if (!changed) {
      // Entra re-sends its active:false each cycle: the breaker notes the repeat on the held row.
      if (held && held.kind !== "downgrade") await deactivateUser(tx, user, call.ctx.cause, call.ctx.now);
      else await syncScimUser(tx, user, call.ctx);
      return undefined;
    }
    // Re-validate the whole result: a patch may not leave an invalid resource behind.
    const resource = normalizeResource(RT, { ...patched, schemas: [SCHEMA_URNS.user] }, { mode: "replace" });
    return (await updateScimUser(tx, user, resource, call.ctx)).user;
  });
  return withIgnored(await respondWithUser(call, written ?? await loadUser(call.db, id), 200), ignored);
}

/**
 * docs/product.md §3: DELETE deactivates at once; the resource then answers 404, the user is kept.
 * Past the mass-deactivation breaker's threshold the DELETE is held instead: still 204 (RFC 7644
 * §3.6; a failure would only make the IdP retry or stop), and the resource keeps answering with
 * `heldChange` in the seat extension until an admin releases (then 404) or discards it.
 */
export async function deleteUser(call: ScimCall, id: string): Promise<RouteResult> {
  return withAdoptionRequests(call.db, call.ctx, async () => {
    await inTransaction(call.db, async (tx) => {
      const user = await loadUser(tx, id);
      checkIfMatch(call.ifMatch, etagOf(user.version));
      await deleteScimUser(tx, user, call.ctx);
    });
    return { status: 204, userId: id };
  });
}
