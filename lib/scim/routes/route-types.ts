import type { Db } from "@/db/client";
import type { ScimWriteContext } from "../users/save-scim-user";

/** One authenticated SCIM call, parsed by the handler and passed to a route. */
export interface ScimCall {
  db: Db;
  baseUrl: string;
  query: URLSearchParams;
  body: unknown;
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  ctx: ScimWriteContext;
  /**
   * The breaker's open trip (lib/directory/mass-change-breaker.ts) as the handler read it with
   * the token, or null: set for reads only, since a write may open a trip on its way.
   */
  openTrip?: number | null;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For the activity log: the resource the request affected. */
  userId?: string;
  /** For the activity log: the detail of a refusal the route answers rather than throws (an adoption waiting for approval). */
  detail?: string;
  groupId?: string;
  /**
   * Unknown attributes of the body that were ignored (issue 11, item 17), as sent, e.g.
   * `["extensionAttribute1", "name.pronunciation"]`: the request's activity entry names
   * them so an admin can see which IdP mapping has nowhere to go.
   */
  ignoredAttributes?: string[];
}

/** `result` with the ignored names attached when there are any. */
export function withIgnored(result: RouteResult, ignored: string[]): RouteResult {
  if (ignored.length > 0) result.ignoredAttributes = ignored;
  return result;
}
