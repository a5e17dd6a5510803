/** RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes, /Schemas, from the schema data. */
import { scimErrors } from "../errors";
import {
  RESOURCE_TYPES,
  resourceTypeRepresentation,
  schemaById,
  schemaRepresentation,
  SCHEMAS,
  serviceProviderConfig,
} from "../schemas";
import { listResponse } from "./list-response";
import type { RouteResult } from "./route-types";

export function getServiceProviderConfig(baseUrl: string, maxBodyBytes: number): RouteResult {
  return { status: 200, body: serviceProviderConfig(baseUrl, maxBodyBytes) };
}

export function getResourceTypes(baseUrl: string, name?: string): RouteResult {
  const all = Object.values(RESOURCE_TYPES);
  if (name === undefined) {
    const resources = all.map((rt) => resourceTypeRepresentation(rt, baseUrl));
    return { status: 200, body: listResponse(resources.length, 1, resources) };
  }
  const rt = all.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!rt) throw scimErrors.notFound(`No resource type '${name}'. This service has User and Group.`);
  return { status: 200, body: resourceTypeRepresentation(rt, baseUrl) };
}

export function getSchemas(baseUrl: string, id?: string): RouteResult {
  if (id === undefined) {
    const resources = SCHEMAS.map((s) => schemaRepresentation(s, baseUrl));
    return { status: 200, body: listResponse(resources.length, 1, resources) };
  }
  const schema = schemaById(id);
  if (!schema) throw scimErrors.notFound(`No schema '${id}'. GET /Schemas lists the ${SCHEMAS.length} schemas.`);
  return { status: 200, body: schemaRepresentation(schema, baseUrl) };
}
