import { parseAttributeList } from "../projection";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

export function projectionOf(query: URLSearchParams): Projection {
  const attributes = parseAttributeList(query.get("attributes") ?? undefined);
  const excludedAttributes = parseAttributeList(query.get("excludedAttributes") ?? undefined, "excludedAttributes");
  return {
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
}

/** Whether `list` names the attribute `lower` or one of its sub-attributes (a module function: every list request asks). */
function names(list: string[], lower: string): boolean {
  return list.some((a) => {
    const l = a.toLowerCase();
    return l === lower || l.startsWith(`${lower}.`) || l.endsWith(`:${lower}`) || l.includes(`:${lower}.`);
  });
}

/**
 * Whether a response will show `name` (a `default` attribute), so costly ones (a user's
 * groups, a group's members) are only read when shown (RFC 7644 §3.9).
 */
export function wantsAttribute(projection: Projection, name: string): boolean {
  const lower = name.toLowerCase();
  if (projection.attributes) return names(projection.attributes, lower);
  if (projection.excludedAttributes) return !projection.excludedAttributes.some((a) => a.toLowerCase() === lower || a.toLowerCase().endsWith(`:${lower}`));
  return true;
}

/** RFC 7644 §3.4.2: the ListResponse envelope; numbers are numbers. */
export function listResponse(total: number, startIndex: number, resources: unknown[]) {
  return {
    schemas: [SCHEMA_URNS.listResponse],
    totalResults: total,
    itemsPerPage: resources.length,
    startIndex,
    Resources: resources,
  };
}
