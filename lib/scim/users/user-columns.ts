/**
 * How a canonical SCIM User (as lib/scim/normalize.ts returns it) maps onto the users
 * table, and back. The resource JSON keeps what the IdP sent; the columns hold what is
 * indexed, filtered or decided on.
 */
import { nameNormsOf } from "@/db/name-norms";
import type { User } from "@/db/schema";
import { identityNorm } from "@/lib/users/email-address";
import type { UserGroupRef } from "@/lib/users/user-queries";
import type { HeldState } from "@/lib/directory/list-held-changes";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";

export interface UserColumns {
  userName: string;
  userNameNorm: string;
  externalId: string | null;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  nameNorm: string | null;
  familyNameNorm: string | null;
  email: string | null;
  emailNorm: string | null;
  /** Lower-cased values of every `emails` entry, in order. */
  emailValues: string[];
}

type Json = Record<string, unknown>;

const asString = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/**
 * The user's primary email: the entry marked primary, else the first "work" entry, else
 * the first entry, else the userName when it is an address (Okta's default userName).
 */
export function primaryEmailOf(resource: Json): string | null {
  const emails = Array.isArray(resource.emails) ? (resource.emails as Json[]) : [];
  const pick =
    emails.find((e) => e.primary === true) ??
    emails.find((e) => typeof e.type === "string" && e.type.toLowerCase() === "work") ??
    emails[0];
  const value = asString(pick?.value);
  if (value) return value;
  const userName = asString(resource.userName);
  return userName && userName.includes("@") ? userName : null;
}

/** Lower-cased values of every `emails` entry, in order: what user_emails holds for the resource. */
export function emailValuesOf(resource: Json): string[] {
  const emails = Array.isArray(resource.emails) ? (resource.emails as Json[]) : [];
  return emails.map((e) => asString(e.value)?.toLowerCase()).filter((v): v is string => Boolean(v));
}

export function userColumnsFromResource(resource: Json): UserColumns {
  const userName = String(resource.userName);
  const name = (resource.name ?? {}) as Json;
  const email = primaryEmailOf(resource);
  const displayName = asString(resource.displayName);
  const givenName = asString(name.givenName);
  const familyName = asString(name.familyName);
  // Uniqueness compares on this (issue 11, item 11): `ada@ACME.test.` and a full-width
  // domain are the same identity as `ada@acme.test`. The value as sent stays in user_name.
  const userNameNorm = identityNorm(userName);
  return {
    userName,
    userNameNorm,
    externalId: asString(resource.externalId),
    displayName,
    givenName,
    familyName,
    ...nameNormsOf(displayName, givenName, familyName),
    email,
    emailNorm: email === null ? null : email === userName ? userNameNorm : identityNorm(email),
    emailValues: emailValuesOf(resource),
  };
}

/** The stored resource: the canonical input without what lives in columns or is never kept. */
export function storedResourceOf(resource: Json): Json {
  const { externalId: _e, active: _a, password: _p, id: _i, meta: _m, schemas: _s, groups: _g, ...rest } =
    resource;
  return rest;
}

export const isoOrUndefined = (ms: number | null | undefined): string | undefined =>
  ms == null ? undefined : new Date(ms).toISOString();

export const etagOf = (version: number): string => `W/"${version}"`;

/** RFC 7643 §4.1 + §4.3 + the seat extension: the User as every SCIM response shows it. */
export function renderScimUser(user: User, groups: UserGroupRef[], baseUrl: string, held?: HeldState): Json {
  const resource = user.resource;
  const enterprise = resource[SCHEMA_URNS.enterpriseUser] as Json | undefined;
  const seatInput = (resource[SCHEMA_URNS.seatUser] ?? {}) as Json;
  const schemas: string[] = [SCHEMA_URNS.user];
  if (enterprise && Object.keys(enterprise).length > 0) schemas.push(SCHEMA_URNS.enterpriseUser);
  schemas.push(SCHEMA_URNS.seatUser);
  const { [SCHEMA_URNS.enterpriseUser]: _ent, [SCHEMA_URNS.seatUser]: _seat, ...core } = resource;
  const out: Json = {
    schemas,
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    ...core,
    userName: user.userName,
    // docs/product.md §3: SCIM answers with the true state; an IdP's active:true for a deactivated
    // user is only recorded as a reactivation request.
    active: user.status === "active",
  };
  if (groups.length > 0) {
    out.groups = groups.map((g) => ({
      value: g.id,
      $ref: `${baseUrl}/Groups/${g.id}`,
      display: g.displayName,
      type: "direct",
    }));
  }
  if (schemas.includes(SCHEMA_URNS.enterpriseUser)) out[SCHEMA_URNS.enterpriseUser] = enterprise;
  out[SCHEMA_URNS.seatUser] = {
    ...seatInput,
    seatType: user.seatType,
    ...(user.reviewEndsAt != null ? { reviewEndsAt: isoOrUndefined(user.reviewEndsAt) } : {}),
    ...(held ? { heldChange: { kind: held.kind, requested: held.requested, heldAt: isoOrUndefined(held.heldAt) } } : {}),
  };
  out.meta = {
    resourceType: "User",
    created: isoOrUndefined(user.createdAt),
    lastModified: isoOrUndefined(user.updatedAt),
    location: `${baseUrl}/Users/${user.id}`,
    version: etagOf(user.version),
  };
  return out;
}
