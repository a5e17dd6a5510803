import type { SeatSetter, SeatType, User, UserSource } from "@/db/schema";
import type { Db } from "@/db/client";
import { newId } from "@/lib/ids";
import { identityNorm } from "@/lib/users/email-address";
import { findUserById } from "@/lib/users/user-queries";

const INSERT_USER_SQL = `INSERT INTO users (id, user_name, user_name_norm, email, email_norm, status, seat_type, seat_set_by, source, resource, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)`;
const INSERT_EMAIL_SQL = "INSERT INTO user_emails (user_id, position, value_norm) VALUES (?, 0, ?)";

/**
 * Adds a user the Admin Center or the product creates itself (a Guest, a UAP sign-in),
 * not the IdP: the userName is the email. Call inside the caller's transaction.
 */
export async function insertPlanUser(
  db: Db,
  input: { email: string; seatType: SeatType; seatSetBy: SeatSetter; source: UserSource; now: number },
): Promise<User> {
  const id = newId();
  // The same normal form SCIM compares on, so an IdP create for this person finds them.
  const norm = identityNorm(input.email);
  const resource = { userName: input.email, emails: [{ value: input.email, type: "work", primary: true }] };
  await db.execute(
    INSERT_USER_SQL,
    id,
    input.email,
    norm,
    input.email,
    norm,
    input.seatType,
    input.seatSetBy,
    input.source,
    JSON.stringify(resource),
    input.now,
    input.now,
  );
  await db.execute(INSERT_EMAIL_SQL, id, norm);
  return (await findUserById(db, id))!;
}
