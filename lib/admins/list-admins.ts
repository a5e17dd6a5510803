import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins } from "@/db/schema";
import { countOpenSessions } from "./admin-sessions";
import { toAdminView, type AdminView } from "./admin-view";
import { accountWaitUntil } from "./sign-in-throttle";

export type AdminListEntry = AdminView & {
  openSessions: number;
  /** Sign-in from addresses this admin has not used waits until then (failed attempts from elsewhere). */
  signInWaitEndsAt: number | null;
};

/** Every System Admin with what the Admins screen and `admin list` show. */
export function listAdmins(db: Db, { now, idleTimeoutMs }: { now: number; idleTimeoutMs: number }): AdminListEntry[] {
  const sessions = countOpenSessions(db, now, idleTimeoutMs);
  return db
    .select()
    .from(admins)
    .orderBy(asc(admins.emailNorm))
    .all()
    .map((row) => ({
      ...toAdminView(row),
      openSessions: sessions.get(row.id) ?? 0,
      signInWaitEndsAt: accountWaitUntil(db, row.emailNorm, now) ?? null,
    }));
}
