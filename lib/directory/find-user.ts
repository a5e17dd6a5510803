import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findUserByEmail, findUserById, findUserByUserName } from "@/lib/users/user-queries";

/** A user as an admin names them: by email, userName or id. */
export function requireUser(db: Db, emailOrId: string): User {
  const key = emailOrId.trim();
  const user = findUserByEmail(db, key) ?? findUserByUserName(db, key) ?? findUserById(db, key);
  if (!user) throw new AppError("not_found", `No user with email, userName or id '${key}'.`);
  return user;
}
