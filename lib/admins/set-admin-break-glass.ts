import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { toAdminView, type AdminView } from "./admin-view";
import { findAdmin, type AdminRef } from "./get-admin";
import { countBreakGlassAdmins, getPasswordSignIn } from "./get-password-sign-in";
import { endNonBreakGlassPasswordSessions } from "./set-require-sso";

export interface SetAdminBreakGlassInput {
  admin: AdminRef;
  on: boolean;
  actor: string;
  now: number;
  /** The local admin doing it with a password session (unmarking themselves would sign them out). */
  actingAdminId?: string | undefined;
}

/**
 * Marks a local admin as break-glass (may sign in with a password while single sign-on is
 * required) or unmarks them. While SSO is required the last enabled break-glass admin
 * cannot be unmarked, and an unmarked admin's password sessions end at once.
 */
export async function setAdminBreakGlass(db: Db, input: SetAdminBreakGlassInput): Promise<{ admin: AdminView; changed: boolean; sessionsEnded: number }> {
  return inTransaction(db, async (tx) => {
    const admin = await findAdmin(tx, input.admin);
    if (admin.breakGlass === input.on) return { admin: toAdminView(admin), changed: false, sessionsEnded: 0 };
    const { requireSso } = await getPasswordSignIn(tx);
    if (!input.on && requireSso) {
      if (await countBreakGlassAdmins(tx, admin.id) === 0) {
        throw new AppError(
          "conflict",
          `${admin.email} is the only enabled break-glass admin while single sign-on is required: mark another admin first, or stop requiring single sign-on.`,
        );
      }
      if (admin.id === input.actingAdminId) {
        throw new AppError("forbidden", "You signed in with a password: unmarking yourself while single sign-on is required would sign you out. Ask another admin, or sign in through single sign-on.");
      }
    }
    await tx.execute("UPDATE admins SET break_glass = ? WHERE id = ?", input.on ? 1 : 0, admin.id);
    const sessionsEnded = !input.on && requireSso ? await endNonBreakGlassPasswordSessions(tx, input.now, admin.id) : 0;
    await recordActivity(tx, {
      at: input.now,
      kind: "auth",
      actor: input.actor,
      action: input.on ? "admin.break-glass-marked" : "admin.break-glass-unmarked",
      toValue: admin.email,
      reason: input.on
        ? "May sign in with a password while single sign-on is required"
        : `No longer signs in with a password while single sign-on is required${sessionsEnded > 0 ? `; ${sessionsEnded} open session${sessionsEnded === 1 ? "" : "s"} ended` : ""}`,
    });
    return { admin: toAdminView({ ...admin, breakGlass: input.on }), changed: true, sessionsEnded };
  });
}
