import { inTransaction, type Db } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { findAdmin } from "./get-admin";
import { countBreakGlassAdmins, getPasswordSignIn } from "./get-password-sign-in";

export interface SetRequireSsoInput {
  on: boolean;
  actor: string;
  now: number;
  /**
   * The local admin doing it from the Admin Center with a password session: turning it on
   * would sign them out unless they are break-glass, so that is refused with what to do.
   */
  actingAdminId?: string | undefined;
}

export interface SetRequireSsoResult {
  requireSso: boolean;
  changed: boolean;
  /** Password sessions of admins who are not break-glass, ended with reason "sso-required". */
  sessionsEnded: number;
}

/**
 * "Require single sign-on" (issue 12 item 5): while on, only break-glass admins sign in
 * with a password; every other System Admin signs in through the plan's IdP. Turning it on
 * needs an enabled SSO connection (else nobody but the break-glass admins could sign in)
 * and at least one enabled break-glass admin (for when the IdP is down), and ends the open
 * password sessions of the admins who are not break-glass.
 */
export async function setRequireSso(db: Db, input: SetRequireSsoInput): Promise<SetRequireSsoResult> {
  return inTransaction(db, async (tx) => {
    const state = await getPasswordSignIn(tx);
    if (state.requireSso === input.on) return { requireSso: input.on, changed: false, sessionsEnded: 0 };
    if (input.on) {
      if (!state.connection) {
        throw new AppError("conflict", "Set up single sign-on first (Security & Controls → Single sign-on): nobody could sign in through the identity provider yet.");
      }
      if (!state.connection.enabled) {
        throw new AppError("conflict", `Single sign-on through ${state.connection.idpName} is turned off: turn it on first, so admins can sign in through it.`);
      }
      if (await countBreakGlassAdmins(tx) === 0) {
        throw new AppError("conflict", "Mark at least one enabled admin as break-glass first: they keep password sign-in for when the identity provider is down.");
      }
      if (input.actingAdminId !== undefined && !(await findAdmin(tx, { id: input.actingAdminId })).breakGlass) {
        throw new AppError(
          "forbidden",
          "You signed in with a password and are not a break-glass admin, so this would sign you out. Mark yourself as break-glass first, or sign in through single sign-on.",
        );
      }
    }
    await tx.execute(
      "UPDATE sso_connection SET require_sso_for_admins = ?, updated_at = ?, updated_by = ? WHERE id = 1",
      input.on ? 1 : 0,
      input.now,
      input.actor,
    );
    const sessionsEnded = input.on ? await endNonBreakGlassPasswordSessions(tx, input.now) : 0;
    await recordActivity(tx, {
      at: input.now,
      kind: "settings",
      actor: input.actor,
      action: "settings.require-sso",
      fromValue: input.on ? "off" : "on",
      toValue: input.on ? "on" : "off",
      reason: input.on
        ? `Only break-glass admins may sign in with a password; ${sessionsEnded} password session${sessionsEnded === 1 ? "" : "s"} of other admins ended`
        : "Every System Admin may sign in with a password again",
    });
    return { requireSso: input.on, changed: true, sessionsEnded };
  });
}

const END_PASSWORD_SESSIONS = `UPDATE sessions SET ended_at = ?, end_reason = 'sso-required'
  WHERE ended_at IS NULL AND method = 'password' AND admin_id NOT IN (SELECT id FROM admins WHERE break_glass = 1)`;

/** Ends the open password sessions of every admin who is not break-glass (or of one admin). */
export async function endNonBreakGlassPasswordSessions(db: Db, now: number, adminId?: string): Promise<number> {
  return adminId === undefined
    ? (await db.execute(`${END_PASSWORD_SESSIONS} AND admin_id IS NOT NULL`, now)).changes
    : (await db.execute(`${END_PASSWORD_SESSIONS} AND admin_id = ?`, now, adminId)).changes;
}
