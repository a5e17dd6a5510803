/**
 * Roles in (docs/product.md §2): from the SCIM User's `roles` attribute, from the seat extension's
 * booleans, and (built by the caller) from pushed groups a System Admin mapped to a role.
 * Every grant remembers where it came from so the seat reason can say so.
 *
 * Pure: no DB, no framework. This runs for every user of a DI re-evaluation (100,000 in
 * one pass), so lookups are Map-based and the shared `via` objects are allocated once.
 */
import { ROLES, type Role } from "@/db/schema";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";

/** Roles that give a Member seat (docs/product.md §2.2). */
export const MEMBER_ROLES = ["LICENSED_USER", "GROUP_ADMIN", "RESOURCE_VIEWER"] as const satisfies readonly Role[];
/** System Admin roles: admin rights need no paid seat, so they give a Contributor seat. */
export const SYSTEM_ADMIN_ROLES = ["USER_ADMIN", "PAYMENT_ADMIN", "DATA_ADMIN"] as const satisfies readonly Role[];
/** Premium connector roles: they grant connector access and have no seat effect. */
export const CONNECTOR_ROLES = [
  "JIRA_USER",
  "JIRA_ADMIN",
  "SALESFORCE_USER",
  "SALESFORCE_ADMIN",
] as const satisfies readonly Role[];

const MEMBER_ROLE_SET: ReadonlySet<Role> = new Set<Role>(MEMBER_ROLES);
const SYSTEM_ADMIN_ROLE_SET: ReadonlySet<Role> = new Set<Role>(SYSTEM_ADMIN_ROLES);

/** The seat one role gives on its own: Member, Contributor, or `null` (no seat effect). */
export function seatOfRole(role: Role): "Member" | "Contributor" | null {
  if (MEMBER_ROLE_SET.has(role)) return "Member";
  if (SYSTEM_ADMIN_ROLE_SET.has(role)) return "Contributor";
  return null;
}

export const isMemberRole = (role: Role): boolean => MEMBER_ROLE_SET.has(role);

/**
 * Where a role came from. `direct` is a role read back from `users.direct_roles`, which
 * merges the SCIM `roles` attribute and the seat-extension booleans (the column keeps the
 * roles, not their origin).
 */
export type RoleGrantVia =
  | { readonly kind: "scim-role" }
  | { readonly kind: "extension"; readonly attribute: string }
  | { readonly kind: "group"; readonly groupId: string; readonly groupName: string }
  | { readonly kind: "direct" };

export interface RoleGrant {
  readonly role: Role;
  readonly via: RoleGrantVia;
}

const VIA_SCIM_ROLE: RoleGrantVia = Object.freeze({ kind: "scim-role" });
const VIA_DIRECT: RoleGrantVia = Object.freeze({ kind: "direct" });

/** SCIM role values (upper-cased) to the canonical roles they grant. */
const ROLES_BY_VALUE: ReadonlyMap<string, readonly Role[]> = new Map<string, readonly Role[]>([
  ...ROLES.map((r) => [r, [r]] as [string, readonly Role[]]),
  // docs/product.md §2: accept SYSTEM_ADMIN as shorthand for the three System Admin roles.
  ["SYSTEM_ADMIN", SYSTEM_ADMIN_ROLES],
]);

/** Seat extension booleans (Okta variable names, docs/product.md §2) to the roles they grant. */
export const EXTENSION_ROLE_ATTRIBUTES: Readonly<Record<string, readonly Role[]>> = {
  smartsheetLicensedUser: ["LICENSED_USER"],
  smartsheetGroupAdmin: ["GROUP_ADMIN"],
  smartsheetResourceViewer: ["RESOURCE_VIEWER"],
  smartsheetSystemAdmin: SYSTEM_ADMIN_ROLES,
};

const EXTENSION_VIAS: ReadonlyMap<string, RoleGrantVia> = new Map(
  Object.keys(EXTENSION_ROLE_ATTRIBUTES).map((attribute) => [
    attribute,
    Object.freeze({ kind: "extension", attribute }) as RoleGrantVia,
  ]),
);

/** Role values are ASCII identifiers; anything else is unknown (avoids Unicode case folds such as "ı" → "I"). */
const ROLE_VALUE_SHAPE = /^[A-Za-z_]+$/;

export interface ScimRoles {
  /** Granted roles, deduplicated per origin, in the order they were read. */
  grants: RoleGrant[];
  /**
   * What was ignored, as sent: unknown role values (e.g. `"OWNER"`) and extension values
   * that are neither a boolean nor "true"/"false" (e.g. `smartsheetLicensedUser="yes"`).
   * The caller mentions them in the seat reason.
   */
  unknown: string[];
}

/**
 * Reads the roles of a canonical SCIM User resource (attribute names already in schema
 * case, as the SCIM layer stores them).
 *
 * - `roles`: the role is the entry's `value`, matched case-insensitively. Okta sends one
 *   entry per role with an EMPTY value for "not granted" (lib/seats/fixtures/okta-user-roles.json);
 *   Entra ID puts its own text in `type` and the role in `value`
 *   (lib/seats/fixtures/entra-user-roles.json), so `type` is never read.
 * - the seat extension's booleans: `true`, or the strings "true"/"True" that Entra ID sends
 *   (lib/seats/fixtures/entra-user-roles.json).
 */
export function readScimRoles(resource: Record<string, unknown>): ScimRoles {
  const grants: RoleGrant[] = [];
  const unknown: string[] = [];
  // One bit per canonical role and origin: a role sent twice (or as SYSTEM_ADMIN and
  // USER_ADMIN) is one grant.
  const seenScim = new Set<Role>();

  const roles = resource.roles;
  if (Array.isArray(roles)) {
    for (const entry of roles) {
      const value = entry !== null && typeof entry === "object" ? (entry as { value?: unknown }).value : entry;
      if (value === undefined || value === null) continue;
      if (typeof value !== "string") {
        unknown.push(JSON.stringify(value));
        continue;
      }
      const trimmed = value.trim();
      if (trimmed === "") continue; // Okta's "not granted"
      const granted = ROLE_VALUE_SHAPE.test(trimmed) ? ROLES_BY_VALUE.get(trimmed.toUpperCase()) : undefined;
      if (granted === undefined) {
        unknown.push(value);
        continue;
      }
      for (const role of granted) {
        if (seenScim.has(role)) continue;
        seenScim.add(role);
        grants.push({ role, via: VIA_SCIM_ROLE });
      }
    }
  } else if (roles !== undefined && roles !== null) {
    unknown.push(`roles=${JSON.stringify(roles)}`);
  }

  const ext = resource[SCHEMA_URNS.seatUser];
  if (ext !== null && typeof ext === "object" && !Array.isArray(ext)) {
    const record = ext as Record<string, unknown>;
    for (const attribute in EXTENSION_ROLE_ATTRIBUTES) {
      const raw = record[attribute];
      if (raw === undefined || raw === null || raw === false) continue;
      let on: boolean;
      if (raw === true) on = true;
      else if (typeof raw === "string" && /^\s*true\s*$/i.test(raw)) on = true;
      else if (typeof raw === "string" && /^\s*(false)?\s*$/i.test(raw)) on = false;
      else {
        unknown.push(`${attribute}=${JSON.stringify(raw)}`);
        continue;
      }
      if (!on) continue;
      const via = EXTENSION_VIAS.get(attribute)!;
      for (const role of EXTENSION_ROLE_ATTRIBUTES[attribute]!) grants.push({ role, via });
    }
  } else if (ext !== undefined && ext !== null) {
    unknown.push(`${SCHEMA_URNS.seatUser}=${JSON.stringify(ext)}`);
  }

  return { grants, unknown };
}

/** The granted roles of a SCIM User resource; see `readScimRoles` for what is ignored. */
export function rolesFromScim(resource: Record<string, unknown>): RoleGrant[] {
  return readScimRoles(resource).grants;
}

/** A role grant from a pushed group mapped to `role` (docs/product.md §2.3, way 3). */
export function groupGrant(role: Role, groupId: string, groupName: string): RoleGrant {
  return { role, via: { kind: "group", groupId, groupName } };
}

/**
 * `users.direct_roles`: the distinct roles, sorted, comma-joined ("" for none). Canonical,
 * so equal role sets give equal text and the column can be compared and grouped in SQL.
 */
export function encodeDirectRoles(roles: Iterable<Role | RoleGrant>): string {
  const set = new Set<Role>();
  for (const r of roles) set.add(typeof r === "string" ? r : r.role);
  return [...set].sort().join(",");
}

const ROLE_SET: ReadonlySet<string> = new Set<string>(ROLES);
// At most 2^10 canonical texts exist, so memoising makes decoding a Map lookup for the
// 100,000-user re-evaluation. The cap only guards against non-canonical input.
const DECODE_CACHE_MAX = 4096;
const decodedRoles = new Map<string, readonly Role[]>();
const decodedGrants = new Map<string, readonly RoleGrant[]>();

/**
 * Parses `users.direct_roles`. The result is shared and frozen: do not mutate it.
 * Throws on a role this version does not know: that is a corrupt row, and silently
 * dropping a role would change someone's seat.
 */
export function decodeDirectRoles(text: string): readonly Role[] {
  const hit = decodedRoles.get(text);
  if (hit !== undefined) return hit;
  const roles: Role[] = [];
  if (text !== "") {
    for (const part of text.split(",")) {
      if (!ROLE_SET.has(part)) {
        throw new Error(`users.direct_roles holds an unknown role ${JSON.stringify(part)} (in ${JSON.stringify(text)})`);
      }
      roles.push(part as Role);
    }
  }
  if (decodedRoles.size >= DECODE_CACHE_MAX) decodedRoles.clear();
  const frozen = Object.freeze(roles);
  decodedRoles.set(text, frozen);
  return frozen;
}

/** `users.direct_roles` as grants (via `direct`), shared and frozen like `decodeDirectRoles`. */
export function decodeDirectGrants(text: string): readonly RoleGrant[] {
  const hit = decodedGrants.get(text);
  if (hit !== undefined) return hit;
  const grants = Object.freeze(
    decodeDirectRoles(text).map((role) => Object.freeze({ role, via: VIA_DIRECT }) as RoleGrant),
  );
  if (decodedGrants.size >= DECODE_CACHE_MAX) decodedGrants.clear();
  decodedGrants.set(text, grants);
  return grants;
}

/** How a grant reads in a reason: "via SCIM roles", "from group 'Okta Licensed'", … */
export function describeVia(via: RoleGrantVia): string {
  switch (via.kind) {
    case "scim-role":
      return "via SCIM roles";
    case "extension":
      return `via ${via.attribute}`;
    case "group":
      return `from group '${via.groupName}'`;
    case "direct":
      return "from the IdP";
  }
}

const sameVia = (a: RoleGrantVia, b: RoleGrantVia): boolean =>
  a === b ||
  (a.kind === b.kind &&
    (a.kind !== "extension" || a.attribute === (b as typeof a).attribute) &&
    (a.kind !== "group" || a.groupId === (b as typeof a).groupId));

/**
 * "USER_ADMIN, PAYMENT_ADMIN via SCIM roles; JIRA_USER from group 'Jira'": consecutive
 * grants with the same origin share one "via".
 */
export function describeGrants(grants: readonly RoleGrant[]): string {
  let out = "";
  for (let i = 0; i < grants.length; i++) {
    const g = grants[i]!;
    const next = grants[i + 1];
    out += g.role;
    if (next !== undefined && sameVia(g.via, next.via)) out += ", ";
    else out += " " + describeVia(g.via) + (next !== undefined ? "; " : "");
  }
  return out;
}
