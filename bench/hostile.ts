/**
 * Workload 10 (issue 11): hostile traffic beside the IdP. A second client, on as many
 * connections as the IdP, sends what the hardening must refuse cheaply: requests without a
 * valid token, and requests with a valid token (its own, the plan's second) whose filter or
 * paging is past lib/scim/limits.ts. Each kind is one fixed request; autocannon sends them
 * in turn on every connection, so the mix is half unauthenticated, half oversized.
 *
 * The bench server keeps the per-address limit for requests without a valid token at its
 * default (30 a minute, lib/scim/handler.ts), and all the load comes from 127.0.0.1: after
 * the first 30, every unauthenticated request is a 429, as a single attacker's flood is in
 * production (without TRUST_PROXY no client can claim another address). The IdP's requests
 * carry a valid token, which never pays from that budget. The per-token limit stays far
 * above the load (as in every workload), so the oversized filters really reach the parser
 * rather than stopping at a cheaper 429.
 */
import type { Measured } from "./stats";

export interface HostileRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What one hostile round left: the IdP's share and the hostile client's answers. */
export interface HostileMeasured {
  /** The IdP's existence check with no one else on the server (serverCpuMs its own). */
  alone: Measured;
  /** The IdP's existence check while the hostile client runs (no serverCpuMs: shared). */
  beside: Measured;
  /** The hostile client's requests while the IdP runs. */
  attack: Measured;
  /** The hostile client alone (serverCpuMs its own): the cost of one hostile request. */
  attackAlone: Measured;
  /** Server CPU while both ran. */
  besideServerCpuMs: number;
  /** Status (and scimType for a 400) of every hostile answer, by kind, all phases. */
  byKind: Record<string, Record<string, number>>;
  /** CPU the load process used while both ran, and the wall time: is the load generator the limit? */
  loadCpuMs: number;
  besideSeconds: number;
  /** Each kind alone (serverCpuMs its own), when asked for. */
  kinds: Record<string, Measured>;
  /** Activity rows the whole workload added (bench/run.ts counts them). */
  activityRowsAdded?: number;
}

/** Status codes a hostile request may get; anything else (a 500, a 200) is a failure. */
export const HOSTILE_ALLOWED_STATUS = new Set(["400", "401", "429", "503"]);

const repeat = (unit: string, n: number, separator = "") => Array.from({ length: n }, () => unit).join(separator);

/** The fixed hostile requests, interleaved unauthenticated / oversized. */
export function hostileRequests(base: string, host: string, authorization: string): HostileRequest[] {
  const json = { "content-type": "application/scim+json" };
  const authed = { host, authorization };
  // Well-formed (acscim_ + 43 base64url characters), so the service hashes and looks it up:
  // the dearest way to be refused.
  const unknownToken = { host, authorization: `Bearer acscim_${repeat("x", 43)}` };
  const existence = `${base}/Users?filter=${encodeURIComponent('userName eq "someone@example.com"')}`;
  const filterGet = (filter: string) => `${base}/Users?filter=${encodeURIComponent(filter)}`;
  const search = (filter: string) => JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter });

  const unauthenticated: HostileRequest[] = [
    { kind: "no token", method: "GET", path: existence, headers: { host } },
    { kind: "unknown token", method: "GET", path: existence, headers: unknownToken },
    {
      kind: "unknown token, 16 KB POST body",
      method: "POST",
      path: `${base}/Users`,
      headers: { ...unknownToken, ...json },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "x@example.com", title: repeat("x", 16_000) }),
    },
  ];
  const oversized: HostileRequest[] = [
    { kind: "300 nested parentheses", method: "GET", path: filterGet(`${repeat("(", 300)}userName eq "a"${repeat(")", 300)}`), headers: authed },
    { kind: "300-term and", method: "GET", path: filterGet(repeat("id pr", 300, " and ")), headers: authed },
    {
      kind: "2,000-term and (.search)",
      method: "POST",
      path: `${base}/Users/.search`,
      headers: { ...authed, ...json },
      body: search(repeat('userName eq "a"', 2_000, " and ")),
    },
    {
      kind: "20 KB filter (.search)",
      method: "POST",
      path: `${base}/Users/.search`,
      headers: { ...authed, ...json },
      body: search(`userName eq "${repeat("a", 20_000)}"`),
    },
    { kind: "300 attributes names", method: "GET", path: `${base}/Users?attributes=${repeat("title", 300, ",")}`, headers: authed },
    { kind: "startIndex=1e300", method: "GET", path: `${base}/Users?startIndex=1e300&count=1e9`, headers: authed },
  ];
  const mixed: HostileRequest[] = [];
  for (let i = 0; i < Math.max(unauthenticated.length, oversized.length) * 2; i++) {
    const from = i % 2 === 0 ? unauthenticated : oversized;
    mixed.push(from[Math.floor(i / 2) % from.length]!);
  }
  return mixed;
}

/**
 * Big bodies, measured each alone and kept out of the mix: every byte of a body is read
 * (and a `.search` body parsed as JSON) before a limit can refuse it, so these cost the
 * server in proportion to their size, far past an existence check.
 */
export function bigBodyRequests(base: string, host: string, authorization: string): HostileRequest[] {
  const json = { "content-type": "application/scim+json" };
  const filter = `userName eq "${repeat("a", 1024 * 1024)}"`;
  return [
    {
      kind: "1 MB filter (.search), not in the mix",
      method: "POST",
      path: `${base}/Users/.search`,
      headers: { host, authorization, ...json },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter }),
    },
    {
      kind: "unknown token, 4 MB body, not in the mix",
      method: "POST",
      path: `${base}/Users`,
      headers: { host, authorization: `Bearer acscim_${repeat("x", 43)}`, ...json },
      // Just under the default SCIM_MAX_BODY_BYTES: drained, not refused with 413.
      body: repeat("x", 4 * 1024 * 1024 - 1024),
    },
  ];
}
