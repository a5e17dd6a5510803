/**
 * The SCIM 2.0 service as a plain function: request in (method, path, query, headers,
 * body), response out. No framework: the node:http adapter in server/ and the tests call
 * it directly. Synchronous, like better-sqlite3, so one request's transaction never
 * interleaves with another's.
 */
import { classifyDatabaseError, inTransaction, type Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { scimTokens, type ScimToken } from "@/db/schema";
import { OPEN_TRIP_ID_SUBQUERY } from "@/lib/directory/mass-change-breaker";
import { authenticateToken, authenticateTokenBy, tokenByHash } from "@/lib/tokens/authenticate-token";
import { ScimError, scimErrors, toScimErrorBody } from "./errors";
import { listRequestFromQuery, listRequestFromSearchBody } from "./list-request";
import { createRateLimiter } from "./rate-limiter";
import { createRequestLog, type ScimRequestEntry } from "./request-log";
import { getResourceTypes, getSchemas, getServiceProviderConfig } from "./routes/discovery";
import * as groupRoutes from "./routes/groups";
import type { RouteResult, ScimCall } from "./routes/route-types";
import * as userRoutes from "./routes/users";

export interface ScimRequest {
  method: string;
  /** The path below the base URL, e.g. `/Users/2819c223`; percent-encoded as received. */
  path: string;
  query: URLSearchParams;
  headers: {
    authorization?: string | undefined;
    contentType?: string | undefined;
    ifMatch?: string | undefined;
    ifNoneMatch?: string | undefined;
  };
  body: string | undefined;
  /** The absolute base URL, e.g. `https://admin.example.com/scim/v2`, for meta.location. */
  baseUrl: string;
  /** The client's address, for the log and the limit on requests without a valid token. */
  clientAddress?: string | undefined;
}

export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface ScimServiceOptions {
  db: Db;
  maxBodyBytes: number;
  rateLimitPerMinute: number;
  /** Failed requests a minute one client address may make without a valid token before 429. */
  unauthenticatedPerMinute?: number;
  now?: () => number;
  /** Called with unexpected errors (a 500), for the server's log. */
  onError?: (error: unknown) => void;
}

export interface ScimService {
  handle(request: ScimRequest): Promise<ScimResponse>;
  /**
   * Answers from the request line and headers alone when they already decide the request
   * (no such endpoint or method, no valid token, too many such attempts); undefined when
   * the body is needed. The adapter calls it before reading a body, so a client without a
   * valid token never makes the server hold one (issue 11, item 6).
   */
  precheck(request: Omit<ScimRequest, "body">): Promise<ScimResponse | undefined>;
  /** Writes buffered request-log entries and token last-used times. */
  flush(): Promise<number>;
}

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

/**
 * Failed requests without a valid token one client address may make, a minute, before 429:
 * an IdP with a mistyped or revoked token retries a few times a minute, an attacker
 * guessing or flooding makes thousands. A burst of this many is allowed at once.
 */
export const UNAUTHENTICATED_PER_MINUTE = 30;

type Handler = (call: ScimCall, param: string | undefined) => RouteResult | Promise<RouteResult>;
interface Route {
  methods: Partial<Record<string, Handler>>;
  /** Discovery endpoints describe the service and need no token (RFC 7644 §4). */
  public?: boolean;
}

/** The routes, built once per service: a request only looks its own up (no closures made per request). */
interface RouteTable {
  serviceProviderConfig: Route;
  resourceTypes: Route;
  schemas: Route;
  collections: Record<"users" | "groups", { list: Route; search: Route; byId: Route }>;
  bulk: Route;
  me: Route;
}

function notImplementedRoute(message: string): Route {
  const refuse = () => {
    throw scimErrors.notImplemented(message);
  };
  return { methods: Object.fromEntries(["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => [m, refuse])) };
}

// The handlers are plain arrows returning the route's promise: an async arrow around it would
// add a promise and microtask turns to every request (the existence check is the hot path).
function buildRoutes(maxBodyBytes: number): RouteTable {
  const discovery = (handler: Handler): Route => ({ methods: { GET: handler }, public: true });
  return {
    serviceProviderConfig: discovery((call) => getServiceProviderConfig(call.baseUrl, maxBodyBytes)),
    resourceTypes: discovery((call, p) => getResourceTypes(call.baseUrl, p)),
    schemas: discovery((call, p) => getSchemas(call.baseUrl, p)),
    collections: {
      users: {
        list: {
          methods: {
            GET: (call) => userRoutes.listUsers(call, listRequestFromQuery(call.query)),
            POST: (call) => userRoutes.createUser(call),
          },
        },
        search: { methods: { POST: (call) => userRoutes.listUsers(call, listRequestFromSearchBody(call.body)) } },
        byId: {
          methods: {
            GET: (c, p) => userRoutes.getUser(c, p!),
            PUT: (c, p) => userRoutes.replaceUser(c, p!),
            PATCH: (c, p) => userRoutes.patchUser(c, p!),
            DELETE: (c, p) => userRoutes.deleteUser(c, p!),
          },
        },
      },
      groups: {
        list: {
          methods: {
            GET: (call) => groupRoutes.listGroups(call, listRequestFromQuery(call.query)),
            POST: (call) => groupRoutes.createGroup(call),
          },
        },
        search: { methods: { POST: (call) => groupRoutes.listGroups(call, listRequestFromSearchBody(call.body)) } },
        byId: {
          methods: {
            GET: (c, p) => groupRoutes.getGroup(c, p!),
            PUT: (c, p) => groupRoutes.replaceGroup(c, p!),
            PATCH: (c, p) => groupRoutes.patchGroup(c, p!),
            DELETE: (c, p) => groupRoutes.deleteGroup(c, p!),
          },
        },
      },
    },
    // RFC 7644 §3.7, §3.11: optional features this service does not offer (501).
    bulk: notImplementedRoute(
      "Bulk operations are not supported (ServiceProviderConfig bulk.supported is false): send each operation on its own.",
    ),
    me: notImplementedRoute("/Me is not supported: a SCIM token acts for the plan, not for a user."),
  };
}

function matchRoute(segments: string[], routes: RouteTable): { route: Route; param?: string } | undefined {
  const [first, second, ...rest] = segments;
  if (!first || rest.length > 0) return undefined;
  const resource = first.toLowerCase();
  let param: string | undefined;
  try {
    param = second === undefined ? undefined : decodeURIComponent(second);
  } catch {
    return undefined; // a broken percent-encoding names no resource (URIError): 404, not 500
  }
  switch (resource) {
    case "serviceproviderconfig":
      return second === undefined ? { route: routes.serviceProviderConfig } : undefined;
    case "resourcetypes":
      return param !== undefined ? { route: routes.resourceTypes, param } : { route: routes.resourceTypes };
    case "schemas":
      return param !== undefined ? { route: routes.schemas, param } : { route: routes.schemas };
    case "users":
    case "groups": {
      const collection = routes.collections[resource];
      if (param === undefined) return { route: collection.list };
      if (param === ".search") return { route: collection.search };
      return { route: collection.byId, param };
    }
    case "bulk":
      return { route: routes.bulk };
    case "me":
      return { route: routes.me };
    default:
      return undefined;
  }
}

/** A read's query string as the IdP meant it (`filter=userName eq "ada@example.com"&count=1`): decoded, for a person to read. */
function queryText(query: URLSearchParams): string {
  let text = "";
  for (const [name, value] of query) text += `${text === "" ? "" : "&"}${name}=${value}`;
  return text;
}

const JSON_TYPES = new Set(["application/scim+json", "application/json"]);

function parseBody(request: ScimRequest, maxBodyBytes: number): unknown {
  if (!["POST", "PUT", "PATCH"].includes(request.method)) return undefined;
  const type = request.headers.contentType?.split(";")[0]?.trim().toLowerCase();
  if (type !== undefined && type !== "" && !JSON_TYPES.has(type)) {
    throw scimErrors.unsupportedMediaType(
      `Content-Type '${request.headers.contentType}' is not supported: send application/scim+json (or application/json).`,
    );
  }
  const body = request.body ?? "";
  if (Buffer.byteLength(body) > maxBodyBytes) {
    throw scimErrors.payloadTooLarge(`The request body is larger than ${maxBodyBytes} bytes (maxPayloadSize).`);
  }
  if (body.trim() === "") throw scimErrors.invalidSyntax("The request needs a JSON body.");
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw scimErrors.invalidSyntax(
      `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

/** The plan's SCIM switches, read in the token's statement (SELECT_TOKEN_AND_PLAN); null without a plan. */
interface TokenAndPlan extends ScimToken {
  planScimEnabled: number | null;
  planDiEnabled: number | null;
  /** A read's: the breaker's open trip (ScimCall.openTrip). */
  openTripId?: number | null;
}

// One statement for the token and the plan's switches (and, for a read, the breaker's open
// trip, which every response that renders a user checks): each statement is a round trip on
// PostgreSQL (db/sql.ts "reads"), and these are read by every request with a token.
const TOKEN_AND_PLAN = `t.*, plan.scim_enabled AS "planScimEnabled", plan.di_enabled AS "planDiEnabled"`;
const TOKEN_AND_PLAN_FROM = `FROM (SELECT ${columnsOf(scimTokens).list} FROM scim_tokens WHERE token_hash = ?) t LEFT JOIN plan ON plan.id = 1`;
const SELECT_TOKEN_AND_PLAN = `SELECT ${TOKEN_AND_PLAN} ${TOKEN_AND_PLAN_FROM}`;
const SELECT_TOKEN_PLAN_AND_TRIP = `SELECT ${TOKEN_AND_PLAN}, ${OPEN_TRIP_ID_SUBQUERY} AS "openTripId" ${TOKEN_AND_PLAN_FROM}`;
const tokenAndPlanByHash = (db: Db, tokenHash: string) => db.row<TokenAndPlan>(SELECT_TOKEN_AND_PLAN, tokenHash);
const tokenPlanAndTripByHash = (db: Db, tokenHash: string) => db.row<TokenAndPlan>(SELECT_TOKEN_PLAN_AND_TRIP, tokenHash);

function checkPlan(token: TokenAndPlan): void {
  if (token.planScimEnabled === null) throw scimErrors.forbidden("This Admin Center has no plan yet: a System Admin must finish setup first.");
  if (!token.planScimEnabled) {
    throw scimErrors.forbidden(
      "SCIM support is not enabled for this plan. Contact support to enable it (seed step 1); until then SCIM requests are refused.",
    );
  }
  if (!token.planDiEnabled) {
    throw scimErrors.forbidden(
      "Directory Integration is off for this plan, so the identity provider cannot change users now. A System Admin turns it on in Admin Center > Security & Controls; retry later.",
    );
  }
}

/** A failure the database reports under load or a race: never a 500 for the client (db/sql.ts classifies both engines' codes). */
function mapDatabaseError(error: unknown): ScimError | undefined {
  switch (classifyDatabaseError(error)) {
    case "busy":
      return scimErrors.serviceUnavailable("The database is busy; retry shortly.", 1);
    case "unavailable":
      return scimErrors.serviceUnavailable("The database is not answering; retry shortly.", 5);
    case "unique":
      return scimErrors.uniqueness("A concurrent request created the same resource; GET it and retry.");
    default:
      return undefined;
  }
}

type Caller = {
  token: { id: string; name: string } | null;
  /** Why the presented credentials were refused, for folding repeated failures. */
  refused?: string;
};

interface Resolved {
  route: Route;
  handler: Handler;
  param?: string;
}

/** One request in flight: what serve() and serveDurably() share with handle(). */
interface InFlight {
  request: ScimRequest;
  at: number;
  started: number;
  caller: Caller;
  /** Serialised once: the string sent is the string kept (scim_bodies), inside a write's transaction. */
  response: ScimResponse | undefined;
  logged: boolean;
}

export function createScimService(options: ScimServiceOptions): ScimService {
  const { db, maxBodyBytes } = options;
  const now = options.now ?? Date.now;
  const log = createRequestLog(db);
  const limiter = createRateLimiter(options.rateLimitPerMinute);
  const perMinute = options.unauthenticatedPerMinute ?? UNAUTHENTICATED_PER_MINUTE;
  const anonymous = createRateLimiter({ perMinute, burst: perMinute });
  const routes = buildRoutes(maxBodyBytes);

  function resolve(request: Omit<ScimRequest, "body">): Resolved {
    const segments = request.path.split("/").filter(Boolean);
    const match = matchRoute(segments, routes);
    if (!match) {
      throw scimErrors.notFound(
        `No SCIM endpoint at '${request.path || "/"}'. Endpoints: /Users, /Groups, /ServiceProviderConfig, /ResourceTypes, /Schemas.`,
      );
    }
    const handler = match.route.methods[request.method];
    if (!handler) {
      const allow = Object.keys(match.route.methods);
      throw scimErrors.methodNotAllowed(`${request.method} is not allowed here; allowed: ${allow.join(", ")}.`, allow);
    }
    return { route: match.route, handler, ...(match.param !== undefined ? { param: match.param } : {}) };
  }

  async function authenticate<T extends ScimToken>(
    db: Db,
    request: Omit<ScimRequest, "body">,
    at: number,
    caller: Caller,
    lookup: (db: Db, tokenHash: string) => Promise<T | undefined>,
  ): Promise<T> {
    const auth = await authenticateTokenBy(db, request.headers.authorization, at, lookup);
    if (!auth.ok) {
      caller.refused = auth.reason === "revoked" || auth.reason === "expired" ? `${auth.reason} ${auth.detail}` : auth.reason;
      throw scimErrors.unauthorized(auth.detail);
    }
    caller.token = { id: auth.token.id, name: auth.token.name };
    return auth.token;
  }

  /** The error response of a failed request; a client without a valid token pays from its address's bucket. */
  async function failure(request: Omit<ScimRequest, "body">, at: number, caller: Caller, caught: unknown): Promise<RouteResult & { detail: string }> {
    let error = caught instanceof ScimError ? caught : mapDatabaseError(caught);
    if (!error) {
      options.onError?.(caught);
      error = scimErrors.internal();
    }
    if (caller.token === null && caller.refused === undefined) {
      // Refused before its token was looked at (no such endpoint, wrong method): a valid
      // token still makes it an IdP's request, logged as such and never limited by address.
      const auth = await authenticateToken(db, request.headers.authorization, at);
      if (auth.ok) caller.token = { id: auth.token.id, name: auth.token.name };
    }
    if (caller.token === null) {
      const wait = anonymous.take(request.clientAddress ?? "unknown", at);
      if (wait > 0) {
        error = scimErrors.tooManyRequests(
          `Too many failed requests without a valid SCIM token from this address; retry after ${wait} s.`,
          wait,
        );
      }
    }
    return { status: error.status, body: toScimErrorBody(error), headers: error.headers, detail: error.detail };
  }

  function entryOf(
    request: Omit<ScimRequest, "body">,
    at: number,
    started: number,
    caller: Caller,
    result: RouteResult,
    detail: string | undefined,
  ): ScimRequestEntry {
    const entry: ScimRequestEntry = {
      at,
      method: request.method,
      path: request.path,
      status: result.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      tokenId: caller.token?.id ?? null,
      tokenName: caller.token?.name ?? null,
      userId: result.userId ?? null,
      groupId: result.groupId ?? null,
      clientAddress: request.clientAddress ?? null,
    };
    if (detail !== undefined) entry.detail = detail;
    if (result.ignoredAttributes) entry.ignoredAttributes = result.ignoredAttributes;
    if (caller.token === null && result.status >= 400) {
      entry.foldKey = `${request.clientAddress ?? "unknown"}\u0000${result.status}\u0000${caller.refused ?? "-"}`;
    } else if (caller.token !== null && isVolumeRefusal(request, result)) {
      // A token's own flood (its rate limit, shedding, queries past the limits) folds too: a
      // stolen or runaway token must not grow the log without bound. A refused write stays a
      // row of its own: the admin needs each user the IdP failed to provision.
      const scimType = (result.body as { scimType?: string } | undefined)?.scimType ?? "-";
      entry.foldKey = `token ${caller.token.id}\u0000${result.status}\u0000${scimType}`;
    }
    return entry;
  }

  /** A refusal of volume rather than of one change: rate limit, shedding, size, or a refused query (GET, POST /.search). */
  function isVolumeRefusal(request: Omit<ScimRequest, "body">, result: RouteResult): boolean {
    if (result.status === 429 || result.status === 503 || result.status === 413) return true;
    return result.status === 400 && (request.method === "GET" || request.path.endsWith("/.search"));
  }

  /**
   * What the client sent and what it got, for scim_bodies (issue 14 §3): a write's body, a
   * read's query string (an existence check's filter is what the IdP "said"). A request without
   * a valid token keeps only our answer: its body is not the IdP's and is the attacker's lever.
   */
  function withBodies(entry: ScimRequestEntry, request: ScimRequest, caller: Caller, response: ScimResponse): ScimRequestEntry {
    if (caller.token !== null) {
      if (request.body !== undefined && request.body !== "") entry.requestBody = request.body;
      else if (request.query.size > 0) entry.requestBody = queryText(request.query);
    }
    entry.responseBody = response.body;
    return entry;
  }

  function respond(result: RouteResult): ScimResponse {
    const headers: Record<string, string> = { ...result.headers };
    if (result.body !== undefined) headers["Content-Type"] = SCIM_CONTENT_TYPE;
    return {
      status: result.status,
      headers,
      body: result.body === undefined ? undefined : JSON.stringify(result.body),
    };
  }

  async function precheck(request: Omit<ScimRequest, "body">): Promise<ScimResponse | undefined> {
    const started = performance.now();
    const at = now();
    const caller: Caller = { token: null };
    try {
      const { route } = resolve(request);
      // The token alone: serve reads it again with the plan, in the request's transaction.
      if (!route.public) await authenticate(db, request, at, caller, tokenByHash);
      return undefined;
    } catch (caught) {
      const result = await failure(request, at, caller, caught);
      const response = respond(result);
      const entry = entryOf(request, at, started, caller, result, result.detail);
      entry.responseBody = response.body;
      log.record(entry);
      return response;
    }
  }

  // Made once per service and given the request's state (and its transaction's handle),
  // rather than closures made per request (an existence check made a dozen, each a few
  // allocations and, under tsx, a defineProperty for its name); inTransaction's callback is
  // the one left.
  async function serve(tx: Db, flight: InFlight): Promise<RouteResult> {
    const { request, at, caller } = flight;
    const { route, handler, param } = resolve(request);
    let openTrip: number | null | undefined;
    if (!route.public) {
      const found = await authenticate(tx, request, at, caller, request.method === "GET" ? tokenPlanAndTripByHash : tokenAndPlanByHash);
      openTrip = found.openTripId;
      const token = caller.token!;
      log.touchToken(token.id, at);
      const wait = limiter.take(token.id, at);
      if (wait > 0) {
        throw scimErrors.tooManyRequests(
          `Token '${token.name}' made too many requests; retry after ${wait} s.`,
          wait,
        );
      }
      checkPlan(found);
    }
    const body = parseBody(request, maxBodyBytes);
    const token = caller.token;
    // `return await`: resolving an async function's promise with another promise takes two more microtask turns.
    return await handler(
      {
        db: tx,
        baseUrl: request.baseUrl,
        query: request.query,
        body,
        ifMatch: request.headers.ifMatch,
        ifNoneMatch: request.headers.ifNoneMatch,
        ctx: {
          cause: { kind: "scim", tokenId: token?.id ?? null, tokenName: token?.name ?? "unknown", requestPath: `${request.method} ${request.path}` },
          now: at,
          // checkPlan has seen it on, in this transaction: a write's holds the writer lock.
          ...(route.public ? {} : { diEnabled: true }),
        },
        openTrip,
      },
      param,
    );
  }

  // A write's log entry goes in the write's own transaction: once the client has its
  // answer, the change and its audit entry are both on disk or neither is (issue 11,
  // item 19). A failed write changed nothing; its entry is buffered like a read's.
  async function serveDurably(tx: Db, flight: InFlight): Promise<RouteResult> {
    const served = await serve(tx, flight);
    const response = respond(served);
    flight.response = response;
    await log.recordNow(tx, withBodies(entryOf(flight.request, flight.at, flight.started, flight.caller, served, served.detail), flight.request, flight.caller, response));
    flight.logged = true;
    return served;
  }

  async function handle(request: ScimRequest): Promise<ScimResponse> {
    const flight: InFlight = { request, at: 0, started: performance.now(), caller: { token: null }, response: undefined, logged: false };
    flight.at = now();
    const { at, started, caller } = flight;
    let result: RouteResult;
    try {
      // One connection a request: on SQLite one read transaction instead of one per
      // statement (about 5 µs each, a tenth of an existence check); on PostgreSQL no
      // BEGIN/COMMIT round trips ("reads", db/sql.ts). A write request takes the write lock up
      // front, so the plan check and the write cannot be split by the CLI turning DI off in
      // between; the routes' own inTransaction calls become savepoints inside it.
      // Plain arrows, not async ones: an async function returning a promise costs extra microtask turns.
      result =
        request.method === "GET"
          ? await inTransaction(db, (tx) => serve(tx, flight), "reads")
          : await inTransaction(db, (tx) => serveDurably(tx, flight), "immediate");
    } catch (caught) {
      flight.logged = false;
      flight.response = undefined;
      result = await failure(request, at, caller, caught);
    }
    const response = flight.response ?? respond(result);
    if (!flight.logged) log.record(withBodies(entryOf(request, at, started, caller, result, result.detail), request, caller, response));
    return response;
  }

  return { handle, precheck, flush: log.flush };
}
