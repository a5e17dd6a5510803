/**
 * The list parameters of RFC 7644 §3.4.2 (query string) and §3.4.3 (POST /.search body),
 * parsed once into one shape.
 */
import { z } from "zod";
import { scimErrors } from "./errors";
import { MAX_START_INDEX } from "./limits";
import { checkAttributeNameCount, parseAttributeList } from "./projection";
import { DEFAULT_COUNT, MAX_RESULTS } from "./schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";

export interface ListRequest {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder: "ascending" | "descending";
  attributes?: string[];
  excludedAttributes?: string[];
}

// A decimal integer as a query parameter: no exponent, no fraction, no hex ("1e300" and
// "0x10" are numbers to Number(), not to RFC 7644 §3.4.2.4).
const INTEGER = /^[+-]?\d+$/;

function integerParam(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const n = typeof raw === "number" ? raw : typeof raw === "string" && INTEGER.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) {
    throw scimErrors.invalidValue(`'${name}' must be an integer, got '${shortParam(raw)}'.`);
  }
  return n;
}

const shortParam = (raw: unknown): string => {
  const text = String(raw);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function normalize(input: {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  sortBy?: unknown;
  sortOrder?: unknown;
  attributes?: string[];
  excludedAttributes?: string[];
}): ListRequest {
  // §3.4.2.4: startIndex < 1 is 1; a negative count is 0; count is capped at maxResults.
  // A startIndex past MAX_START_INDEX is clamped to it: SQLite's OFFSET takes it exactly,
  // and the page is empty either way.
  const startIndex = Math.min(MAX_START_INDEX, Math.max(1, integerParam("startIndex", input.startIndex) ?? 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, integerParam("count", input.count) ?? DEFAULT_COUNT));
  const sortOrder = input.sortOrder === undefined || input.sortOrder === "" ? "ascending" : String(input.sortOrder);
  if (sortOrder !== "ascending" && sortOrder !== "descending") {
    throw scimErrors.invalidValue(`'sortOrder' must be 'ascending' or 'descending', got '${sortOrder}'.`);
  }
  if (input.filter !== undefined && typeof input.filter !== "string") {
    throw scimErrors.invalidFilter("'filter' must be a string.");
  }
  if (input.sortBy !== undefined && typeof input.sortBy !== "string") {
    throw scimErrors.invalidValue("'sortBy' must be an attribute name.");
  }
  // Assigned one by one, not spread: this runs for every list request (bench/).
  const list: ListRequest = { startIndex, count, sortOrder };
  if (input.filter) list.filter = input.filter;
  if (input.sortBy) list.sortBy = input.sortBy;
  if (input.attributes) list.attributes = input.attributes;
  if (input.excludedAttributes) list.excludedAttributes = input.excludedAttributes;
  return list;
}

export function listRequestFromQuery(query: URLSearchParams): ListRequest {
  return normalize({
    filter: query.get("filter") ?? undefined,
    startIndex: query.get("startIndex") ?? undefined,
    count: query.get("count") ?? undefined,
    sortBy: query.get("sortBy") ?? undefined,
    sortOrder: query.get("sortOrder") ?? undefined,
    attributes: parseAttributeList(query.get("attributes") ?? undefined),
    excludedAttributes: parseAttributeList(query.get("excludedAttributes") ?? undefined, "excludedAttributes"),
  });
}

const searchRequestSchema = z
  .object({
    schemas: z.array(z.string()),
    attributes: z.array(z.string()).optional(),
    excludedAttributes: z.array(z.string()).optional(),
    filter: z.unknown().optional(),
    sortBy: z.unknown().optional(),
    sortOrder: z.unknown().optional(),
    startIndex: z.unknown().optional(),
    count: z.unknown().optional(),
  })
  .passthrough();

export function listRequestFromSearchBody(body: unknown): ListRequest {
  const parsed = searchRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw scimErrors.invalidSyntax(
      `A search request is a JSON object with "schemas": ["${SCHEMA_URNS.searchRequest}"] and optional filter, attributes (array), excludedAttributes (array), sortBy, sortOrder, startIndex and count (RFC 7644 §3.4.3).`,
    );
  }
  if (!parsed.data.schemas.includes(SCHEMA_URNS.searchRequest)) {
    throw scimErrors.invalidSyntax(`"schemas" must contain "${SCHEMA_URNS.searchRequest}".`);
  }
  if (parsed.data.attributes) checkAttributeNameCount(parsed.data.attributes, "attributes");
  if (parsed.data.excludedAttributes) checkAttributeNameCount(parsed.data.excludedAttributes, "excludedAttributes");
  return normalize(parsed.data);
}
