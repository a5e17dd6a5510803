import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { normalizeAdminEmail } from "./admin-input";
import { findAdmin, type AdminRef } from "./get-admin";
import { clearAccountThrottles } from "./sign-in-throttle";

/**
 * Clears the sign-in waits on an admin's account (from every address), for an admin who
 * cannot wait them out. Waits on an address over all accounts stay: they are about that
 * address, not this admin.
 */
export async function unlockAdmin(db: Db, input: { admin: AdminRef; actor: string; now: number }): Promise<{ cleared: number }> {
  return inTransaction(db, async (tx) => {
    const admin = await findAdmin(tx, input.admin);
    const cleared = await clearAccountThrottles(tx, normalizeAdminEmail(admin.email));
    await recordActivity(tx, {
      at: input.now,
      kind: "auth",
      actor: input.actor,
      action: "admin.unlocked",
      toValue: admin.email,
      reason: cleared > 0 ? "sign-in waits cleared" : "no sign-in wait was in force",
    });
    return { cleared };
  });
}
