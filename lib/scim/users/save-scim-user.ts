/**
 * The write path shared by SCIM create, replace and patch: columns from the canonical
 * resource, the emails index, the active flag per docs/product.md §3, and the seat sync, all in the
 * caller's transaction.
 */
import type { Db, SqlParam } from "@/db/client";
import type { User } from "@/db/schema";
import { deactivateUser } from "@/lib/directory/deactivate-user";
import { withdrawHeldDeactivation } from "@/lib/directory/mass-change-breaker";
import { requestReactivation } from "@/lib/directory/request-reactivation";
import type { SeatCause } from "@/lib/directory/seat-cause";
import { planUserSeatSync, seatAssignmentsOf, syncUserSeats, type PlannedSeatSync, type SeatRow } from "@/lib/directory/sync-user-seats";
import { recordActivities } from "@/lib/activity/record-activity";
import { encodeDirectRoles, rolesFromScim } from "@/lib/seats/roles";
import { newId } from "@/lib/ids";
import { scimErrors } from "../errors";
import { isUnlinked } from "@/lib/directory/check-adoption";
import { adoptScimUser } from "./adopt-scim-user";
import { checkScimUserEmail } from "./check-user-email";
import { emailValuesOf, storedResourceOf, userColumnsFromResource, type UserColumns } from "./user-columns";
import { findUserById, findUserByUserName, users$ } from "@/lib/users/user-queries";

export interface ScimWriteContext {
  cause: SeatCause & { kind: "scim" };
  now: number;
  /**
   * Whether Directory Integration is on, when the caller read it in this write's transaction
   * (the SCIM handler, with the token: a statement less a write); undefined reads it.
   */
  diEnabled?: boolean;
}

type Json = Record<string, unknown>;

function directRolesOf(resource: Json): string {
  return encodeDirectRoles(rolesFromScim(resource).map((g) => g.role));
}

// Fixed SQL text, prepared once per connection: this is the write path of every POST, PUT and
// PATCH, and drizzle's builder re-built and re-prepared each statement per call (bench: a third
// of a POST /Users).
const INSERT_EMAIL = "INSERT INTO user_emails (user_id, position, value_norm) VALUES (?, ?, ?)";

async function insertEmailIndex(db: Db, userId: string, values: string[]): Promise<void> {
  for (const [position, valueNorm] of values.entries()) await db.execute(INSERT_EMAIL, userId, position, valueNorm);
}

// A DI sync re-sends the same emails on nearly every PUT: reading the few entries costs a fraction
// of deleting and re-inserting them in two b-trees (/tmp micro-benchmark on the 100k database:
// 97-118 µs rewritten vs 44-49 µs compared, per write with an UPDATE beside it).
export const USER_EMAIL_VALUES_SQL = "SELECT value_norm FROM user_emails WHERE user_id = ? ORDER BY position";

async function replaceEmailIndex(db: Db, userId: string, values: string[], indexed?: string[]): Promise<void> {
  const current = indexed ?? (await db.values<[string]>(USER_EMAIL_VALUES_SQL, userId)).map((row) => row[0]);
  if (current.length === values.length && current.every((v, i) => v === values[i])) return;
  await db.execute("DELETE FROM user_emails WHERE user_id = ?", userId);
  await insertEmailIndex(db, userId, values);
}

// RETURNING the whole row: the row as stored is the create's answer, without reading it back.
const INSERT_USER = `INSERT INTO users (id, user_name, user_name_norm, external_id, display_name, given_name,
    family_name, name_norm, family_name_norm, email, email_norm, status, seat_type, seat_set_by, source,
    direct_roles, resource, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, 'scim', ?, ?, ?, ?)
  RETURNING ${users$.list}`;

/** The columns a SCIM write sets, with the user's field each is compared against. */
const WRITTEN_COLUMNS = [
  ["user_name", "userName"],
  ["user_name_norm", "userNameNorm"],
  ["external_id", "externalId"],
  ["display_name", "displayName"],
  ["given_name", "givenName"],
  ["family_name", "familyName"],
  ["name_norm", "nameNorm"],
  ["family_name_norm", "familyNameNorm"],
  ["email", "email"],
  ["email_norm", "emailNorm"],
  ["direct_roles", "directRoles"],
] as const satisfies readonly (readonly [string, keyof User])[];

/**
 * The UPDATE names only the columns whose value changes: SQLite rewrites the entries of every
 * index on a column the SET names, equal or not, and a DI sync changes the roles and little else
 * (micro-benchmark on the 100k database: 150-240 µs with every column named, 68-100 µs with the
 * roles and resource alone). Every trigger on users compares OLD and NEW, so leaving an unchanged
 * column out skips nothing they would do. The statement is cached per set of columns.
 */
async function updateUserRow(db: Db, user: User, values: SqlParam[], resourceJson: string, now: number, seat: PlannedSeatSync | null): Promise<User> {
  const { sets, params } = seatAssignmentsOf(seat?.decision ?? null);
  WRITTEN_COLUMNS.forEach(([column, field], i) => {
    if (values[i] === user[field]) return;
    sets.push(`${column} = ?`);
    params.push(values[i]);
  });
  if (resourceJson !== JSON.stringify(user.resource)) {
    sets.push("resource = ?");
    params.push(resourceJson);
  }
  sets.push("version = version + 1", "updated_at = ?");
  return users$.map((await db.row(`UPDATE users SET ${sets.join(", ")} WHERE id = ? RETURNING ${users$.list}`, ...(params as SqlParam[]), now, user.id))!);
}

/** The column values both statements share, in their order. */
function columnValues(c: Omit<UserColumns, "emailValues">): SqlParam[] {
  return [c.userName, c.userNameNorm, c.externalId, c.displayName, c.givenName, c.familyName, c.nameNorm, c.familyNameNorm, c.email, c.emailNorm];
}

async function assertUserNameFree(db: Db, userName: string, userNameNorm: string, selfId?: string): Promise<void> {
  const holder = await findUserByUserName(db, userNameNorm);
  if (!holder || holder.id === selfId) return;
  if (holder.seatType === "Guest") {
    throw scimErrors.conflict(
      `'${userName}' belongs to a Guest. Guests are external users managed only in the Admin Center; the identity provider cannot create or change them.`,
    );
  }
  if (holder.scimDeletedAt != null) {
    throw scimErrors.uniqueness(
      `A deactivated user with userName '${userName}' exists (deleted by the identity provider earlier). Directory Integration does not reactivate users: a System Admin turns DI off, reactivates the user in the Admin Center, then turns DI on.`,
    );
  }
  throw scimErrors.uniqueness(`userName '${userName}' is already taken by user ${holder.id}.`);
}

/** What a SCIM user write leaves: the user's id and, when the write's own statement was the last to change the row, the row as stored. */
export interface SavedScimUser {
  id: string;
  /** Absent when a later step (deactivation, reactivation request, a seat sync of its own) changed the row after. */
  user?: User;
  /** The row did not exist before this request (a create that adopted no one). */
  created: boolean;
}

/** The seat engine's view of a user about to be written with `directRoles`. */
function seatRowOf(user: Pick<User, "id" | "status" | "seatType" | "seatSetBy" | "pendingOverride" | "reviewEndsAt">, directRoles: string): SeatRow {
  return {
    id: user.id,
    status: user.status,
    seat_type: user.seatType,
    seat_set_by: user.seatSetBy,
    pending_override: user.pendingOverride ? 1 : 0,
    review_ends_at: user.reviewEndsAt,
    direct_roles: directRoles,
  };
}

/**
 * RFC 7644 §3.3: create. Returns the new user, or the person who was on the plan before SCIM
 * with this userName (else this email) once the create adopted them (adopt-scim-user.ts).
 */
export async function insertScimUser(db: Db, resource: Json, ctx: ScimWriteContext): Promise<SavedScimUser> {
  const columns = userColumnsFromResource(resource);
  const holder = await findUserByUserName(db, columns.userNameNorm);
  if (holder && isUnlinked(holder)) return adoptOnCreate(db, holder, resource, ctx);
  if (holder) await assertUserNameFree(db, columns.userName, columns.userNameNorm);
  const sameEmail = await checkScimUserEmail(db, columns.email);
  if (sameEmail && isUnlinked(sameEmail)) return adoptOnCreate(db, sameEmail, resource, ctx);
  const id = newId();
  const directRoles = directRolesOf(resource);
  const active = resource.active !== false;
  // The seat is decided before the INSERT and stored by it: a second statement would rewrite the
  // seat index entries the INSERT just made.
  const seat = active
    ? await planUserSeatSync(db, seatRowOf({ id, status: "active", seatType: "Contributor", seatSetBy: "default", pendingOverride: false, reviewEndsAt: null }, directRoles), ctx.cause, ctx.now, { provisioned: true, diEnabled: ctx.diEnabled })
    : null;
  const row = (await db.row(
    INSERT_USER,
    id,
    ...columnValues(columns),
    seat?.decision?.seat ?? "Contributor",
    seat?.decision?.seatSetBy ?? "default",
    directRoles,
    JSON.stringify(storedResourceOf(resource)),
    ctx.now,
    ctx.now,
  ))!;
  const user = users$.map(row);
  // A new id has no entries yet.
  await insertEmailIndex(db, id, columns.emailValues);
  if (!seat) {
    await deactivateUser(db, user, ctx.cause, ctx.now, { provisioned: true });
    return { id, created: true };
  }
  await recordActivities(db, seat.entries);
  return { id, user, created: true };
}

/** A create for someone already on the plan is their first write from the IdP: it applies as a PUT. */
async function adoptOnCreate(db: Db, user: User, resource: Json, ctx: ScimWriteContext): Promise<SavedScimUser> {
  return { ...await updateScimUser(db, user, resource, ctx), created: false };
}

/**
 * What the emails index holds for `current` (the row as read in this transaction), when that is
 * what its stored resource says: for someone the IdP created, every write stored the resource and
 * the index from one resource (insertScimUser, updateScimUser), so they are compared without
 * reading the index (on a 100k directory a PUT's user is on cold pages of two more b-trees:
 * ~50-70 µs). A person on the plan before SCIM (adopted, or linked in memory before the call, as
 * approve-adoption.ts does) may have emails in the resource and no entries: read.
 */
function emailsIndexedOf(current: User): string[] | undefined {
  return current.source === "scim" && current.scimLinkedAt == null ? emailValuesOf(current.resource) : undefined;
}

/**
 * Replace (PUT) or the result of a PATCH: the whole canonical resource is the new state. A write
 * to someone who was on the plan before SCIM first passes the adoption rules (adopt-scim-user.ts).
 */
export async function updateScimUser(db: Db, current: User, resource: Json, ctx: ScimWriteContext): Promise<SavedScimUser> {
  const indexed = emailsIndexedOf(current);
  const user = current.source === "scim" ? current : await adoptScimUser(db, current, resource, ctx);
  const columns = userColumnsFromResource(resource);
  if (columns.userNameNorm !== user.userNameNorm) await assertUserNameFree(db, columns.userName, columns.userNameNorm, user.id);
  if (columns.emailNorm !== user.emailNorm) await checkScimUserEmail(db, columns.email, user.id);
  const directRoles = directRolesOf(resource);
  const values = [...columnValues(columns), directRoles];
  const resourceJson = JSON.stringify(storedResourceOf(resource));
  if (resource.active === false && user.status === "active") {
    await updateUserRow(db, user, values, resourceJson, ctx.now, null);
    await replaceEmailIndex(db, user.id, columns.emailValues, indexed);
    await deactivateUser(db, (await findUserById(db, user.id))!, ctx.cause, ctx.now);
    return { id: user.id, created: false };
  }
  if (resource.active === true && user.status === "deactivated") {
    await updateUserRow(db, user, values, resourceJson, ctx.now, null);
    await replaceEmailIndex(db, user.id, columns.emailValues, indexed);
    await requestReactivation(db, (await findUserById(db, user.id))!, ctx.cause, ctx.now);
    return { id: user.id, created: false };
  }
  if (user.status !== "active") {
    const written = await updateUserRow(db, user, values, resourceJson, ctx.now, null);
    await replaceEmailIndex(db, user.id, columns.emailValues, indexed);
    return { id: user.id, user: written, created: false };
  }
  // The IdP says active after all: a deactivation the breaker holds for this user is taken back.
  if (resource.active === true) await withdrawHeldDeactivation(db, user.id, ctx.cause, ctx.now);
  // The DI sync of this write, decided on the roles it stores and applied by the same UPDATE.
  const seat = await planUserSeatSync(db, seatRowOf(user, directRoles), ctx.cause, ctx.now, { diEnabled: ctx.diEnabled });
  const written = await updateUserRow(db, user, values, resourceJson, ctx.now, seat);
  await replaceEmailIndex(db, user.id, columns.emailValues, indexed);
  await recordActivities(db, seat.entries);
  return { id: user.id, user: written, created: false };
}

/** A write that changed nothing still syncs the seat (docs/product.md §3: any SCIM write is a sync). */
export async function syncScimUser(db: Db, current: User, ctx: ScimWriteContext): Promise<void> {
  // It is still the IdP's write to this person: the adoption rules apply as to any other.
  const user = current.source === "scim" ? current : await adoptScimUser(db, current, resourceOfUser(current), ctx);
  if (user.status === "active") await syncUserSeats(db, [user.id], ctx.cause, ctx.now);
}

/**
 * DELETE (docs/product.md §3: deactivates at once). To someone who was on the plan before SCIM it
 * is the IdP's write like any other and passes the adoption rules first; under admin approval the
 * request kept is the person as they are with active:false, which approval applies as that PUT
 * (the IdP's retry of the DELETE then meets a linked user).
 */
export async function deleteScimUser(db: Db, current: User, ctx: ScimWriteContext): Promise<void> {
  const user = current.source === "scim" ? current : await adoptScimUser(db, current, { ...resourceOfUser(current), active: false }, ctx);
  await deactivateUser(db, user, ctx.cause, ctx.now, { scimDelete: true });
}

/** The user as the IdP would send them back unchanged, for an adoption request that changes nothing. */
function resourceOfUser(user: User): Json {
  return { ...user.resource, userName: user.userName, ...(user.externalId ? { externalId: user.externalId } : {}), active: user.status === "active" };
}
