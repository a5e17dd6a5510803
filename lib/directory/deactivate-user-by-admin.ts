import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findUserById } from "@/lib/users/user-queries";
import { deactivateUser } from "./deactivate-user";
import { requireUser } from "./find-user";

/** An admin cuts a user off at once (docs/product.md §3: sessions end, the seat is freed). */
export async function deactivateUserByAdmin(db: Db, emailOrId: string, actor: string, now: number): Promise<User> {
  const user = await requireUser(db, emailOrId);
  if (user.status === "deactivated") throw new AppError("conflict", `${user.userName} is already deactivated.`);
  await deactivateUser(db, user, { kind: "admin", admin: actor }, now);
  return (await findUserById(db, user.id))!;
}
