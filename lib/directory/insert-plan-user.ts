import { userEmails, users, type SeatSetter, type SeatType, type User, type UserSource } from "@/db/schema";
import type { Db } from "@/db/client";
import { newId } from "@/lib/ids";
import { identityNorm } from "@/lib/users/email-address";
import { findUserById } from "@/lib/users/user-queries";

/**
 * Adds a user the Admin Center or the product creates itself (a Guest, a UAP sign-in),
 * not the IdP: the userName is the email. Call inside the caller's transaction.
 */
export function insertPlanUser(
  db: Db,
  input: { email: string; seatType: SeatType; seatSetBy: SeatSetter; source: UserSource; now: number },
): User {
  const id = newId();
  // The same normal form SCIM compares on, so an IdP create for this person finds them.
  const norm = identityNorm(input.email);
  db.insert(users)
    .values({
      id,
      userName: input.email,
      userNameNorm: norm,
      email: input.email,
      emailNorm: norm,
      status: "active",
      seatType: input.seatType,
      seatSetBy: input.seatSetBy,
      source: input.source,
      resource: { userName: input.email, emails: [{ value: input.email, type: "work", primary: true }] },
      createdAt: input.now,
      updatedAt: input.now,
    })
    .run();
  db.insert(userEmails).values({ userId: id, position: 0, valueNorm: norm }).run();
  return findUserById(db, id)!;
}
