import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { endAdminSessions } from "./admin-sessions";
import { findAdmin, type AdminRef } from "./get-admin";

export interface RevokeAdminSessionsInput {
  /** One admin's sessions, or every admin's (`sessions revoke --all`). */
  scope: { admin: AdminRef } | { all: true };
  actor: string;
  now: number;
  /** The acting admin's own session, kept open ("sign out everywhere else"). */
  exceptSecret?: string | undefined;
}

/** Ends open admin sessions at once: the next request of each goes to the sign-in page. */
export async function revokeAdminSessions(db: Db, input: RevokeAdminSessionsInput): Promise<{ ended: number }> {
  return inTransaction(db, async (tx) => {
    const admin = "admin" in input.scope ? await findAdmin(tx, input.scope.admin) : undefined;
    const ended = await endAdminSessions(tx, { adminId: admin?.id, exceptSecret: input.exceptSecret }, "revoked", input.now);
    await recordActivity(tx, {
      at: input.now,
      kind: "auth",
      actor: input.actor,
      action: "sessions.revoked",
      toValue: admin ? admin.email : "every System Admin",
      reason: `${ended} open session${ended === 1 ? "" : "s"} ended`,
    });
    return { ended };
  });
}
