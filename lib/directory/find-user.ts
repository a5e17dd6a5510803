import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findUserByEmail, findUserById, findUserByUserName } from "@/lib/users/user-queries";

/** A user as an admin names them: by email, userName or id. */
export async function requireUser(db: Db, emailOrId: string): Promise<User> {
  const key = emailOrId.trim();
  const user = await findUserByEmail(db, key) ?? await findUserByUserName(db, key) ?? await findUserById(db, key);
  if (!user) throw new AppError("not_found", `No user with email, userName or id '${key}'.`);
  return user;
}
