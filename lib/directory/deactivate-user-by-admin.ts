import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findUserById } from "@/lib/users/user-queries";
import { deactivateUser } from "./deactivate-user";
import { requireUser } from "./find-user";

/** An admin cuts a user off at once (docs/product.md §3: sessions end, the seat is freed). */
export function deactivateUserByAdmin(db: Db, emailOrId: string, actor: string, now: number): User {
  const user = requireUser(db, emailOrId);
  if (user.status === "deactivated") throw new AppError("conflict", `${user.userName} is already deactivated.`);
  deactivateUser(db, user, { kind: "admin", admin: actor }, now);
  return findUserById(db, user.id)!;
}
