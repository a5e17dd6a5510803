/**
 * Test support for anything that talks SCIM: a fresh database set up the way a System
 * Admin would (plan, SCIM support on, a validated domain, Directory Integration on, a SCIM
 * token) and a `call` that sends one request through the real service.
 *
 *   const scim = createScimTestEnv();
 *   const created = scim.call("POST", "/Users", { schemas: [...], userName: "ada@example.com" });
 *   expect(created.status).toBe(201);
 *
 * `call` adds `Authorization: Bearer <token>` and, with a body, `Content-Type:
 * application/scim+json`; pass those headers yourself to override them (`undefined`
 * removes one). Objects are sent as JSON, strings as they are (for malformed bodies).
 *
 * Only for tests: it writes `domains.verified_at` directly instead of doing the DNS check.
 */
import { openTestDatabase, type Db } from "@/db/client";
import { turnOnDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { addDomain } from "@/lib/domains/add-domain";
import { setPlan } from "@/lib/plan/set-plan";
import { setScimSupport } from "@/lib/plan/set-scim-support";
import { createToken, type CreatedToken } from "@/lib/tokens/create-token";
import { createScimService, type ScimRequest, type ScimService } from "./handler";

export { insertRows, selectRow, selectRows } from "@/lib/testing/select-rows";

export const TEST_ADMIN = "admin@example.com";
export const TEST_BASE_URL = "https://admin.example.test/scim/v2";

export interface ScimTestOptions {
  /** An existing database (e.g. a second connection to a file); default a fresh in-memory one. */
  db?: Db;
  /** Skip the plan setup (the database already has it, e.g. from another connection). */
  skipSetup?: boolean;
  /** Validated domains; the plan's primary email is on the first. Default ["example.com"]. */
  domains?: string[];
  /** Turn Directory Integration on (default true); false leaves it off, so SCIM answers 403. */
  directoryIntegration?: boolean;
  maxBodyBytes?: number;
  rateLimitPerMinute?: number;
  /** The service's clock (token expiry, rate limit, timestamps); default Date.now. */
  now?: () => number;
  baseUrl?: string;
}

export interface ScimTestHeaders {
  authorization?: string | undefined;
  contentType?: string | undefined;
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

export interface ScimTestResponse {
  status: number;
  headers: Record<string, string>;
  /** The parsed body; undefined when there is none. */
  json: any; // tests index into it freely
  body: string | undefined;
}

export interface ScimTestEnv {
  db: Db;
  service: ScimService;
  token: CreatedToken;
  /** `Bearer <token>`. */
  authorization: string;
  baseUrl: string;
  call(method: string, pathWithQuery: string, body?: unknown, headers?: ScimTestHeaders): Promise<ScimTestResponse>;
}

/** Marks a domain as validated, as a successful DNS check would. */
export async function markDomainVerified(db: Db, name: string, at = Date.now()): Promise<void> {
  await addDomain(db, name, TEST_ADMIN);
  await db.execute(
    "UPDATE domains SET verified_at = ?, last_checked_at = ?, last_check_result = 'verified' WHERE name = ?",
    at,
    at,
    name.toLowerCase(),
  );
}

/**
 * Sets the plan up for SCIM: plan, SCIM support, validated domains, Directory Integration
 * (unless `directoryIntegration` is false), and a token named "Okta".
 */
export async function setUpScimPlan(db: Db, options: Pick<ScimTestOptions, "domains" | "directoryIntegration"> = {}): Promise<CreatedToken> {
  const names = options.domains ?? ["example.com"];
  await setPlan(db, { name: "Acme", primaryEmail: `admin@${names[0] ?? "example.com"}` }, TEST_ADMIN);
  await setScimSupport(db, true, TEST_ADMIN);
  for (const name of names) await markDomainVerified(db, name);
  if (options.directoryIntegration !== false) await turnOnDirectoryIntegration(db, TEST_ADMIN, Date.now());
  return createToken(db, { name: "Okta" }, TEST_ADMIN);
}

/** Sends one request through `service` the way the node:http adapter does. */
export async function callScim(
  service: ScimService,
  baseUrl: string,
  method: string,
  pathWithQuery: string,
  body?: unknown,
  headers: ScimTestHeaders = {},
): Promise<ScimTestResponse> {
  const url = new URL(`http://scim.test${pathWithQuery}`);
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const request: ScimRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: {
      authorization: headers.authorization,
      contentType: "contentType" in headers ? headers.contentType : text === undefined ? undefined : "application/scim+json",
      ifMatch: headers.ifMatch,
      ifNoneMatch: headers.ifNoneMatch,
    },
    body: text,
    baseUrl,
  };
  const response = await service.handle(request);
  return {
    status: response.status,
    headers: response.headers,
    body: response.body,
    json: response.body === undefined ? undefined : (JSON.parse(response.body) as unknown),
  };
}

export async function createScimTestEnv(options: ScimTestOptions = {}): Promise<ScimTestEnv> {
  const db = options.db ?? await openTestDatabase();
  const token = options.skipSetup
    ? await createToken(db, { name: "Okta" }, TEST_ADMIN)
    : await setUpScimPlan(db, options);
  const service = createScimService({
    db,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000,
    ...(options.now ? { now: options.now } : {}),
    onError: (error) => {
      // A 500 is always a bug: make it loud in the test output.
      console.error("SCIM 500 in test:", error);
    },
  });
  const authorization = `Bearer ${token.token}`;
  const baseUrl = options.baseUrl ?? TEST_BASE_URL;
  return {
    db,
    service,
    token,
    authorization,
    baseUrl,
    call: async (method, pathWithQuery, body, headers = {}) =>
      callScim(service, baseUrl, method, pathWithQuery, body, {
        ...headers,
        authorization: "authorization" in headers ? headers.authorization : authorization,
      }),
  };
}

/** A minimal valid SCIM User body on the test domain. */
export function userBody(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    emails: [{ value: userName, type: "work", primary: true }],
    ...extra,
  };
}

/** A minimal valid SCIM Group body. */
export function groupBody(displayName: string, memberIds: string[] = []): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName,
    members: memberIds.map((value) => ({ value })),
  };
}

/** A PATCH body (RFC 7644 §3.5.2) with the given operations. */
export function patchBody(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations };
}

const ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const RESOURCE_URNS = ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group"];

const isIsoDate = (v: unknown) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v));

function resourceProblems(resource: Record<string, any>, where: string, projected: boolean): string[] {
  const problems: string[] = [];
  if (typeof resource.id !== "string" || resource.id === "") problems.push(`${where}: no string id`);
  const meta = resource.meta;
  if (meta === undefined && projected) return problems;
  if (!meta || typeof meta !== "object") return [...problems, `${where}: no meta`];
  if (meta.resourceType !== "User" && meta.resourceType !== "Group") problems.push(`${where}: meta.resourceType ${meta.resourceType}`);
  if (!isIsoDate(meta.created)) problems.push(`${where}: meta.created ${meta.created}`);
  if (!isIsoDate(meta.lastModified)) problems.push(`${where}: meta.lastModified ${meta.lastModified}`);
  if (typeof meta.location !== "string" || !meta.location.endsWith(`/${meta.resourceType}s/${resource.id}`)) {
    problems.push(`${where}: meta.location ${meta.location}`);
  }
  if (typeof meta.version !== "string" || !/^W\/".+"$/.test(meta.version)) problems.push(`${where}: meta.version ${meta.version}`);
  return problems;
}

/**
 * What is wrong with a response by RFC 7644 whatever the request (empty when nothing):
 * the content type, §3.12 error bodies (status as a string), ListResponse numbers as
 * numbers, resources with id and full meta, ETag = meta.version, Location on 201, no 500.
 * `projected`: the request had attributes/excludedAttributes, so `meta` may be left out.
 */
export function scimShapeProblems(response: ScimTestResponse, projected = false): string[] {
  const problems: string[] = [];
  const { status, headers, json } = response;
  if (status === 500) problems.push("status 500");
  if (response.body === undefined) {
    if (status !== 204 && status !== 304) problems.push(`status ${status} without a body`);
    return problems;
  }
  if (headers["Content-Type"] !== "application/scim+json; charset=utf-8") {
    problems.push(`Content-Type ${headers["Content-Type"]}`);
  }
  if (status >= 400) {
    if (JSON.stringify(json?.schemas) !== JSON.stringify([ERROR_URN])) problems.push("error without the Error schema");
    if (json?.status !== String(status)) problems.push(`error status ${JSON.stringify(json?.status)} for ${status}`);
    if (typeof json?.detail !== "string" || json.detail.length < 10) problems.push("error without a useful detail");
    return problems;
  }
  const schemas: unknown = json?.schemas;
  if (!Array.isArray(schemas)) return [...problems, "no schemas array"];
  if (schemas.includes(LIST_URN)) {
    for (const key of ["totalResults", "itemsPerPage", "startIndex"]) {
      if (typeof json[key] !== "number") problems.push(`ListResponse ${key} is ${typeof json[key]}`);
    }
    const resources: unknown[] = json.Resources ?? [];
    if (json.itemsPerPage !== resources.length) problems.push("itemsPerPage differs from Resources.length");
    resources.forEach((r, i) => {
      const resource = r as Record<string, unknown>;
      if (Array.isArray(resource.schemas) && RESOURCE_URNS.includes(resource.schemas[0] as string)) {
        problems.push(...resourceProblems(resource, `Resources[${i}]`, projected));
      }
    });
    return problems;
  }
  if (RESOURCE_URNS.includes(schemas[0] as string)) {
    problems.push(...resourceProblems(json, "resource", projected));
    if (json.meta !== undefined && headers.ETag !== json.meta.version) problems.push(`ETag ${headers.ETag} differs from meta.version ${json.meta?.version}`);
    if (status === 201 && json.meta !== undefined && headers.Location !== json.meta.location) problems.push(`Location ${headers.Location} differs from meta.location`);
  }
  return problems;
}
