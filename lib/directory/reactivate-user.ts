import { inTransaction, type Db } from "@/db/client";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { findUserById } from "@/lib/users/user-queries";
import { recordActivity } from "../activity/record-activity";
import { requireUser } from "./find-user";
import { isDiEnabled } from "./sync-user-seats";

export const REACTIVATE_WHILE_DI_ON =
  "Reactivation is refused while Directory Integration is on (DI never reactivates users). Turn DI off, reactivate the user, then turn DI on again; the re-evaluation then sets their seat from the IdP.";

const REACTIVATE_SQL = `UPDATE users SET status = 'active', deactivated_at = NULL, reactivation_requested_at = NULL, scim_deleted_at = NULL,
    version = ?, updated_at = ? WHERE id = ?`;

/**
 * docs/product.md §3: only a System Admin reactivates, with DI off. The user keeps the seat they had;
 * when DI is turned on again its re-evaluation decides it. A user the IdP had deleted
 * becomes visible to SCIM again.
 */
export async function reactivateUser(db: Db, emailOrId: string, actor: string, now: number): Promise<User> {
  return inTransaction(db, async (tx) => {
    const user = await requireUser(tx, emailOrId);
    if (user.status === "active") throw new AppError("conflict", `${user.userName} is already active.`);
    if (await isDiEnabled(tx)) throw new AppError("forbidden", REACTIVATE_WHILE_DI_ON);
    await tx.execute(REACTIVATE_SQL, user.version + 1, now, user.id);
    await recordActivity(tx, {
      at: now,
      kind: "user",
      actor,
      action: "user.reactivated",
      userId: user.id,
      fromValue: "deactivated",
      toValue: user.seatType,
      reason: `Reactivated by admin ${actor}${user.reactivationRequestedAt != null ? " (the identity provider had asked for it)" : ""}`,
      details: { cause: "admin", admin: actor },
    });
    return (await findUserById(tx, user.id))!;
  });
}
