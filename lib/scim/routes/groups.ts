/** /Groups (RFC 7644 §3.3–§3.6) over the group store. */
import { inTransaction, type Db, type SqlParam } from "@/db/client";
import { dialectOf } from "@/db/dialect";
import type { Group } from "@/db/schema";
import { scimErrors } from "../errors";
import { compileFilter, compileSort, parseFilter } from "../filter";
import { findGroup, countGroups, membersOfGroup, selectGroups } from "@/lib/groups/group-queries";
import { renderScimGroup } from "../groups/render-scim-group";
import { deleteScimGroup, insertScimGroup, replaceScimGroup, updateScimGroup } from "../groups/save-scim-group";
import type { ListRequest } from "../list-request";
import { normalizeResource } from "../normalize";
import { applyPatch, parsePatchRequest } from "../patch";
import { projectResource } from "../projection";
import { RESOURCE_TYPES } from "../schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { etagOf } from "../users/user-columns";
import { checkIfMatch, notModified } from "./etag";
import { listResponse, projectionOf, wantsAttribute, type Projection } from "./list-response";
import { withIgnored, type RouteResult, type ScimCall } from "./route-types";

const RT = RESOURCE_TYPES.Group;

async function loadGroup(db: Db, id: string): Promise<Group> {
  const group = await findGroup(db, id);
  if (!group) throw scimErrors.notFound(`No Group with id '${id}'.`);
  return group;
}

async function render(call: ScimCall, group: Group, projection: Projection) {
  const members = wantsAttribute(projection, "members") ? await membersOfGroup(call.db, group.id) : undefined;
  return projectResource(RT, renderScimGroup(group, members, call.baseUrl), projection);
}

/** The page's groups in order: each reads its members. */
async function renderEach(call: ScimCall, groups: Group[], projection: Projection) {
  const rendered = [];
  for (const group of groups) rendered.push(await render(call, group, projection));
  return rendered;
}

async function respondWithGroup(call: ScimCall, group: Group, status: number): Promise<RouteResult> {
  const headers: Record<string, string> = { ETag: etagOf(group.version) };
  if (status === 201) headers.Location = `${call.baseUrl}/Groups/${group.id}`;
  return { status, body: await render(call, group, projectionOf(call.query)), headers, groupId: group.id };
}

export async function listGroups(call: ScimCall, list: ListRequest): Promise<RouteResult> {
  const d = dialectOf(call.db.engine);
  const { sql: where, params } = list.filter
    ? compileFilter("Group", parseFilter(list.filter), d.engine)
    : { sql: d.true, params: [] as SqlParam[] };
  const orderBy = list.sortBy ? compileSort("Group", list.sortBy, list.sortOrder, d.engine) : d.rowid("groups");
  const total = await countGroups(call.db, where, params);
  const rows =
    list.count === 0 || total < list.startIndex
      ? []
      : await selectGroups(call.db, { where, params, orderBy, limit: list.count, offset: list.startIndex - 1 });
  return {
    status: 200,
    body: listResponse(total, list.startIndex, await renderEach(call, rows, list)),
  };
}

export async function getGroup(call: ScimCall, id: string): Promise<RouteResult> {
  const group = await loadGroup(call.db, id);
  if (notModified(call.ifNoneMatch, etagOf(group.version))) {
    return { status: 304, headers: { ETag: etagOf(group.version) }, groupId: group.id };
  }
  return respondWithGroup(call, group, 200);
}

export async function createGroup(call: ScimCall): Promise<RouteResult> {
  const ignored: string[] = [];
  const resource = normalizeResource(RT, call.body, { mode: "create", ignored });
  const id = await inTransaction(call.db, async (tx) => insertScimGroup(tx, resource, call.ctx, call.baseUrl));
  return withIgnored(await respondWithGroup(call, await loadGroup(call.db, id), 201), ignored);
}

export async function replaceGroup(call: ScimCall, id: string): Promise<RouteResult> {
  const ignored: string[] = [];
  const resource = normalizeResource(RT, call.body, { mode: "replace", ignored });
  await inTransaction(call.db, async (tx) => {
    const group = await loadGroup(tx, id);
    checkIfMatch(call.ifMatch, etagOf(group.version));
    await replaceScimGroup(tx, group, resource, call.ctx, call.baseUrl);
  });
  return withIgnored(await respondWithGroup(call, await loadGroup(call.db, id), 200), ignored);
}

/**
 * RFC 7644 §3.5.2: 200 with the resource, or 204. A group push to a 10,000-member group
 * would otherwise echo every member back, so this answers 204 unless the request asks for
 * attributes (Okta and Entra both accept 204).
 */
export async function patchGroup(call: ScimCall, id: string): Promise<RouteResult> {
  const ops = parsePatchRequest(call.body);
  const ignored: string[] = [];
  await inTransaction(call.db, async (tx) => {
    const group = await loadGroup(tx, id);
    checkIfMatch(call.ifMatch, etagOf(group.version));
    const current = {
      schemas: [SCHEMA_URNS.group],
      displayName: group.displayName,
      ...(group.externalId ? { externalId: group.externalId } : {}),
    };
    const { resource: patched, memberOps } = applyPatch(RT, current, ops, { resourceId: group.id, ignored });
    const { members: _ignored, ...attributes } = patched;
    const resource = normalizeResource(RT, { ...attributes, schemas: [SCHEMA_URNS.group] }, { mode: "replace" });
    await updateScimGroup(
      tx,
      group,
      {
        displayName: String(resource.displayName),
        externalId: typeof resource.externalId === "string" ? resource.externalId : null,
        memberOps,
      },
      call.ctx,
      call.baseUrl,
    );
  });
  const projection = projectionOf(call.query);
  if (!projection.attributes && !projection.excludedAttributes) {
    const group = await loadGroup(call.db, id);
    return withIgnored({ status: 204, headers: { ETag: etagOf(group.version) }, groupId: id }, ignored);
  }
  return withIgnored(await respondWithGroup(call, await loadGroup(call.db, id), 200), ignored);
}

export async function deleteGroup(call: ScimCall, id: string): Promise<RouteResult> {
  await inTransaction(call.db, async (tx) => {
    const group = await loadGroup(tx, id);
    checkIfMatch(call.ifMatch, etagOf(group.version));
    await deleteScimGroup(tx, group, call.ctx);
  });
  return { status: 204, groupId: id };
}
