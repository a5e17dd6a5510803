import { inTransaction, type Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import { countScimRequests } from "./count-scim-requests";

/** What the IdP asked for, from a SCIM request's method and path. */
export const REQUEST_KINDS = ["create", "update", "delete", "group", "read", "other", "unauthenticated"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface RequestCounts {
  requests: number;
  failed: number;
}

export interface HealthWindow {
  byKind: Record<RequestKind, RequestCounts>;
  total: RequestCounts;
  /** Deactivations (and SCIM deletions) the IdP made: they arrive as updates, so `byKind.update` counts them too. */
  deactivations: number;
}

export interface TokenLastRequest {
  tokenId: string;
  name: string;
  expiresAt: number | null;
  /** Null when the token was never used. */
  last: { at: number; method: string; path: string; status: number; reason: string | null } | null;
}

export interface ProvisioningHealth {
  day: HealthWindow;
  week: HealthWindow;
  tokens: TokenLastRequest[];
}

const DAY = 86_400_000;

/**
 * A request's kind from its method and path, or the path's class (countScimRequests: `/users`,
 * `/users/x`, `/users/.s`, `/groups`, `/groups/.`), which gives the same kind.
 * A request without a valid token is its own kind: it was refused before anything was
 * asked, and a flood of them must not look like the IdP's traffic.
 */
export function kindOfRequest(method: string, path: string, authenticated: boolean): RequestKind {
  if (!authenticated) return "unauthenticated";
  const p = path.toLowerCase();
  const search = p.startsWith("/users/.s") || p.startsWith("/groups/.");
  if (method === "GET" || (method === "POST" && search)) return "read";
  if (p.startsWith("/groups")) return "group";
  if (p === "/users" || p === "/users/") return method === "POST" ? "create" : "other";
  if (p.startsWith("/users/")) {
    if (method === "PUT" || method === "PATCH") return "update";
    if (method === "DELETE") return "delete";
  }
  return "other";
}

// scim_tokens.last_used_at is the `at` of the token's last request, and that request's
// activity row has the same `at`: an exact point of activity_kind_at_idx, not a scan of the
// token's history (activity has no index on token_id).
const TOKENS_SQL = bothEngines(
  (d) => `
  SELECT t.id AS "tokenId", t.name, t.expires_at AS "expiresAt",
         (SELECT ${d.jsonObject("'at'", "a.at", "'method'", "a.method", "'path'", "a.path", "'status'", "a.status", "'reason'", "a.reason")}
            FROM activity a${d.indexedBy("activity_kind_at_idx")}
           WHERE a.kind = 'scim' AND a.at = t.last_used_at AND a.token_id = t.id
           ORDER BY a.id DESC LIMIT 1) AS last
    FROM scim_tokens t
   WHERE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
   ORDER BY t.created_at, t.id`,
);

function emptyWindow(): HealthWindow {
  const byKind = Object.fromEntries(REQUEST_KINDS.map((k) => [k, { requests: 0, failed: 0 }])) as Record<
    RequestKind,
    RequestCounts
  >;
  return { byKind, total: { requests: 0, failed: 0 }, deactivations: 0 };
}

/**
 * The Overview's provisioning health (issue 13): SCIM requests and failures over the last
 * 24 hours and 7 days by kind, and the last request of each active token.
 */
export async function getProvisioningHealth(db: Db, now: number): Promise<ProvisioningHealth> {
  const tallied = async (tx: Db, from: number): Promise<HealthWindow> => {
    const window = emptyWindow();
    for (const c of await countScimRequests(tx, from, now + 1)) {
      if (c.part === "deactivation") {
        window.deactivations += c.requests;
        continue;
      }
      const kind = c.part === "anonymous" ? "unauthenticated" : kindOfRequest(c.method, c.pathClass, true);
      const failed = c.failed ? c.requests : 0;
      window.byKind[kind].requests += c.requests;
      window.byKind[kind].failed += failed;
      window.total.requests += c.requests;
      window.total.failed += failed;
    }
    return window;
  };
  return inTransaction(db, async (tx) => {
    const tokens = (await tx
      .rows<Omit<TokenLastRequest, "last"> & { last: string | null }>(TOKENS_SQL, now))
      .map((t) => ({ ...t, last: t.last === null ? null : (JSON.parse(t.last) as TokenLastRequest["last"]) }));
    return { day: await tallied(tx, now - DAY), week: await tallied(tx, now - 7 * DAY), tokens };
  }, "deferred");
}
