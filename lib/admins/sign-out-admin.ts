import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { endAdminSession } from "./admin-sessions";

/** Ends the session behind the cookie's secret (Sign out), so a copy of the cookie opens nothing. */
export function signOutAdmin(db: Db, input: { sessionSecret: string; adminId: string | undefined; clientAddress?: string | undefined; now: number }): boolean {
  return db.transaction(() => {
    const ended = endAdminSession(db, input.sessionSecret, "signed-out", input.now);
    const admin = input.adminId ? db.select({ email: admins.email }).from(admins).where(eq(admins.id, input.adminId)).get() : undefined;
    if (ended && admin) {
      recordActivity(db, { at: input.now, kind: "auth", actor: admin.email, action: "sign-out", clientAddress: input.clientAddress ?? null });
    }
    return ended;
  });
}
