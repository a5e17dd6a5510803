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
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For the activity log: the resource the request affected. */
  userId?: string;
  groupId?: string;
}
