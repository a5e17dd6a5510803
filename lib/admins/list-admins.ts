import type { Db } from "@/db/client";
import { countOpenSessions } from "./admin-sessions";
import { toAdminView, type AdminView } from "./admin-view";
import { admins$ } from "./get-admin";
import { accountWaitUntil } from "./sign-in-throttle";

export type AdminListEntry = AdminView & {
  openSessions: number;
  /** Sign-in from addresses this admin has not used waits until then (failed attempts from elsewhere). */
  signInWaitEndsAt: number | null;
};

/** Every System Admin with what the Admins screen and `admin list` show. */
export async function listAdmins(db: Db, { now, idleTimeoutMs }: { now: number; idleTimeoutMs: number }): Promise<AdminListEntry[]> {
  const sessions = await countOpenSessions(db, now, idleTimeoutMs);
  const entries: AdminListEntry[] = [];
  for (const stored of await db.rows(`SELECT ${admins$.list} FROM admins ORDER BY email_norm ASC`)) {
    const row = admins$.map(stored);
    entries.push({
      ...toAdminView(row),
      openSessions: sessions.get(row.id) ?? 0,
      signInWaitEndsAt: (await accountWaitUntil(db, row.emailNorm, now)) ?? null,
    });
  }
  return entries;
}
