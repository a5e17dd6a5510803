import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { endAdminSession } from "./admin-sessions";

/** Ends the session behind the cookie's secret (Sign out), so a copy of the cookie opens nothing. */
export async function signOutAdmin(db: Db, input: { sessionSecret: string; adminId: string | undefined; clientAddress?: string | undefined; now: number }): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const ended = await endAdminSession(tx, input.sessionSecret, "signed-out", input.now);
    const admin = input.adminId ? await tx.row<{ email: string }>('SELECT email AS "email" FROM admins WHERE id = ?', input.adminId) : undefined;
    if (ended && admin) {
      await recordActivity(tx, { at: input.now, kind: "auth", actor: admin.email, action: "sign-out", clientAddress: input.clientAddress ?? null });
    }
    return ended;
  });
}
