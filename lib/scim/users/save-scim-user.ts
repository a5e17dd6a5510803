/**
 * The write path shared by SCIM create, replace and patch: columns from the canonical
 * resource, the emails index, the active flag per SPEC §3, and the seat sync, all in the
 * caller's transaction.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userEmails, users, type User } from "@/db/schema";
import { deactivateUser } from "@/lib/directory/deactivate-user";
import { requestReactivation } from "@/lib/directory/request-reactivation";
import type { SeatCause } from "@/lib/directory/seat-cause";
import { syncUserSeats } from "@/lib/directory/sync-user-seats";
import { encodeDirectRoles, rolesFromScim } from "@/lib/seats/roles";
import { newId } from "@/lib/ids";
import { scimErrors } from "../errors";
import { checkScimUserEmail } from "./check-user-email";
import { storedResourceOf, userColumnsFromResource } from "./user-columns";
import { findUserById, findUserByUserName } from "./user-queries";

export interface ScimWriteContext {
  cause: SeatCause & { kind: "scim" };
  now: number;
}

type Json = Record<string, unknown>;

function directRolesOf(resource: Json): string {
  return encodeDirectRoles(rolesFromScim(resource).map((g) => g.role));
}

function replaceEmailIndex(db: Db, userId: string, values: string[]): void {
  db.delete(userEmails).where(eq(userEmails.userId, userId)).run();
  if (values.length > 0) {
    db.insert(userEmails)
      .values(values.map((valueNorm, position) => ({ userId, position, valueNorm })))
      .run();
  }
}

function assertUserNameFree(db: Db, userName: string, selfId?: string): void {
  const holder = findUserByUserName(db, userName);
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

/** RFC 7644 §3.3: create. Returns the new user's id. */
export function insertScimUser(db: Db, resource: Json, ctx: ScimWriteContext): string {
  const columns = userColumnsFromResource(resource);
  assertUserNameFree(db, columns.userName);
  checkScimUserEmail(db, columns.email);
  const id = newId();
  const { emailValues, ...userColumns } = columns;
  db.insert(users)
    .values({
      id,
      ...userColumns,
      status: "active",
      seatType: "Contributor",
      seatSetBy: "default",
      source: "scim",
      directRoles: directRolesOf(resource),
      resource: storedResourceOf(resource),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .run();
  replaceEmailIndex(db, id, emailValues);
  const created = findUserById(db, id)!;
  if (resource.active === false) deactivateUser(db, created, ctx.cause, ctx.now);
  else syncUserSeats(db, [id], ctx.cause, ctx.now);
  return id;
}

/** Replace (PUT) or the result of a PATCH: the whole canonical resource is the new state. */
export function updateScimUser(db: Db, user: User, resource: Json, ctx: ScimWriteContext): void {
  const columns = userColumnsFromResource(resource);
  if (columns.userNameNorm !== user.userNameNorm) assertUserNameFree(db, columns.userName, user.id);
  if (columns.emailNorm !== user.emailNorm) checkScimUserEmail(db, columns.email, user.id);
  const { emailValues, ...userColumns } = columns;
  db.update(users)
    .set({
      ...userColumns,
      directRoles: directRolesOf(resource),
      resource: storedResourceOf(resource),
      version: user.version + 1,
      updatedAt: ctx.now,
    })
    .where(eq(users.id, user.id))
    .run();
  replaceEmailIndex(db, user.id, emailValues);
  const updated = findUserById(db, user.id)!;
  if (resource.active === false && user.status === "active") {
    deactivateUser(db, updated, ctx.cause, ctx.now);
  } else if (resource.active === true && user.status === "deactivated") {
    requestReactivation(db, updated, ctx.cause, ctx.now);
  } else if (user.status === "active") {
    syncUserSeats(db, [user.id], ctx.cause, ctx.now);
  }
}

/** A write that changed nothing still syncs the seat (SPEC §3: any SCIM write is a sync). */
export function syncScimUser(db: Db, user: User, ctx: ScimWriteContext): void {
  if (user.status === "active") syncUserSeats(db, [user.id], ctx.cause, ctx.now);
}
