import type { Db } from "@/db/client";
import type { SeatSetter, SeatType, UserSource, UserStatus } from "@/db/schema";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { findUserById } from "@/lib/users/user-queries";
import { effectiveSeatSetter } from "@/lib/seats";
import { requireUser } from "./find-user";
import { isDiEnabled } from "./sync-user-seats";

export interface ProfileEmail {
  value: string;
  type: string | null;
  primary: boolean;
}

export interface ProfileManager {
  /** What the IdP sent as `manager.value` (RFC 7643 §4.3: the manager's SCIM id). */
  value: string;
  /** The manager, when they are a user of the plan (matched by id, then externalId). */
  userId: string | null;
  name: string | null;
}

/** A user as the IdP describes them, plus the plan's own facts, for the user page. */
export interface UserProfile {
  id: string;
  userName: string;
  /** The display name, else "given family", else null. */
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  emails: ProfileEmail[];
  title: string | null;
  /** Enterprise extension (RFC 7643 §4.3). */
  department: string | null;
  organization: string | null;
  division: string | null;
  employeeNumber: string | null;
  manager: ProfileManager | null;
  externalId: string | null;
  source: UserSource;
  status: UserStatus;
  seatType: SeatType;
  seatSetBy: SeatSetter;
  createdAt: number;
  updatedAt: number;
  firstSignInAt: number | null;
  lastSignInAt: number | null;
  deactivatedAt: number | null;
  reactivationRequestedAt: number | null;
  reviewEndsAt: number | null;
  /** The IdP deleted the SCIM resource (SCIM answers 404); the plan keeps the user. */
  scimDeletedAt: number | null;
}

type Json = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** A manager reference as stored: `{ value }` (SCIM), or the bare id Entra sends. */
function managerValue(enterprise: Json): string | null {
  const manager = enterprise.manager;
  if (typeof manager === "string") return text(manager);
  // Entra ID's one-element array (lib/scim/fixtures/patch/entra-manager-array.json).
  if (Array.isArray(manager)) return text(obj(manager[0]).value);
  return text(obj(manager).value);
}

const USER_BY_EXTERNAL_ID_SQL = "SELECT id FROM users WHERE external_id = ? LIMIT 1";

/**
 * docs/product.md §7 / issue 5: the user page's profile "from the IdP": the SCIM resource as last
 * written (core and enterprise attributes) with the plan's own dates.
 */
export async function getUserProfile(db: Db, emailOrId: string): Promise<UserProfile> {
  const user = await requireUser(db, emailOrId);
  const resource = user.resource;
  const enterprise = obj(resource[SCHEMA_URNS.enterpriseUser]);
  const emails: ProfileEmail[] = (Array.isArray(resource.emails) ? resource.emails : [])
    .map((e) => obj(e))
    .filter((e) => text(e.value) !== null)
    .map((e) => ({ value: String(e.value), type: text(e.type), primary: e.primary === true }));
  if (emails.length === 0 && user.email) emails.push({ value: user.email, type: null, primary: true });

  const managerRef = managerValue(enterprise);
  let manager: ProfileManager | null = null;
  if (managerRef) {
    const byExternalId = await db.row<{ id: string }>(USER_BY_EXTERNAL_ID_SQL, managerRef);
    const found = await findUserById(db, managerRef) ?? (byExternalId ? await findUserById(db, byExternalId.id) : undefined);
    manager = {
      value: managerRef,
      userId: found?.id ?? null,
      name: found ? (found.displayName ?? joinName(found.givenName, found.familyName) ?? found.userName) : null,
    };
  }

  return {
    id: user.id,
    userName: user.userName,
    name: user.displayName ?? joinName(user.givenName, user.familyName),
    givenName: user.givenName,
    familyName: user.familyName,
    emails,
    title: text(resource.title),
    department: text(enterprise.department),
    organization: text(enterprise.organization),
    division: text(enterprise.division),
    employeeNumber: text(enterprise.employeeNumber),
    manager,
    externalId: user.externalId,
    source: user.source,
    status: user.status,
    seatType: user.seatType,
    seatSetBy: effectiveSeatSetter({ ...user, diEnabled: await isDiEnabled(db) }),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    firstSignInAt: user.firstSignInAt,
    lastSignInAt: user.lastSignInAt,
    deactivatedAt: user.deactivatedAt,
    reactivationRequestedAt: user.reactivationRequestedAt,
    reviewEndsAt: user.reviewEndsAt,
    scimDeletedAt: user.scimDeletedAt,
  };
}

function joinName(given: string | null, family: string | null): string | null {
  const joined = [given, family].filter(Boolean).join(" ");
  return joined === "" ? null : joined;
}
