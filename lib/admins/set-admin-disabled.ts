import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { endAdminSessions } from "./admin-sessions";
import { toAdminView, type AdminView } from "./admin-view";
import { findAdmin, type AdminRef } from "./get-admin";
import { countBreakGlassAdmins, getPasswordSignIn } from "./get-password-sign-in";

export interface SetAdminDisabledInput {
  admin: AdminRef;
  disabled: boolean;
  /** Who does it, as the activity log names them. */
  actor: string;
  /** The signed-in admin doing it from the Admin Center: they cannot disable themselves. */
  actingAdminId?: string | undefined;
  now: number;
}

/**
 * Disables an admin (they cannot sign in, and every session of theirs ends at once) or
 * enables them again. The last enabled admin cannot be disabled: nobody could sign in to
 * undo it (the operator's CLI still could, but that is recovery, not a setting); nor the
 * last break-glass admin while single sign-on is required.
 */
export async function setAdminDisabled(db: Db, input: SetAdminDisabledInput): Promise<{ admin: AdminView; changed: boolean; sessionsEnded: number }> {
  return inTransaction(db, async (tx) => {
    const admin = await findAdmin(tx, input.admin);
    if ((admin.disabledAt !== null) === input.disabled) return { admin: toAdminView(admin), changed: false, sessionsEnded: 0 };
    if (input.disabled) {
      if (admin.id === input.actingAdminId) {
        throw new AppError("forbidden", "You cannot disable yourself: ask another System Admin to do it");
      }
      const othersEnabled =
        (await tx.row<{ n: number }>('SELECT count(*) AS "n" FROM admins WHERE disabled_at IS NULL AND id <> ?', admin.id))?.n ?? 0;
      if (othersEnabled === 0) {
        throw new AppError("forbidden", `${admin.email} is the only enabled System Admin: enable or create another one first`);
      }
      // While SSO is required, a break-glass admin is the way in when the IdP is down.
      if (admin.breakGlass && (await getPasswordSignIn(tx)).requireSso && await countBreakGlassAdmins(tx, admin.id) === 0) {
        throw new AppError(
          "forbidden",
          `${admin.email} is the only enabled break-glass admin while single sign-on is required: mark another admin break-glass first, or stop requiring single sign-on`,
        );
      }
    }
    const disabledAt = input.disabled ? input.now : null;
    await tx.execute("UPDATE admins SET disabled_at = ? WHERE id = ?", disabledAt, admin.id);
    const sessionsEnded = input.disabled ? await endAdminSessions(tx, { adminId: admin.id }, "disabled", input.now) : 0;
    await recordActivity(tx, {
      at: input.now,
      kind: "auth",
      actor: input.actor,
      action: input.disabled ? "admin.disabled" : "admin.enabled",
      toValue: admin.email,
      ...(sessionsEnded > 0 ? { reason: `${sessionsEnded} open session${sessionsEnded === 1 ? "" : "s"} ended` } : {}),
    });
    return { admin: toAdminView({ ...admin, disabledAt }), changed: true, sessionsEnded };
  });
}
