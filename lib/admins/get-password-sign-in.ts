import type { Db } from "@/db/client";
import type { SsoProtocol } from "@/db/schema";

export interface PasswordSignInState {
  /** Only break-glass admins may sign in with a password (sso_connection.require_sso_for_admins). */
  requireSso: boolean;
  /** The plan's SSO connection, if any was set up. */
  connection: { enabled: boolean; idpName: string; protocol: SsoProtocol } | null;
  /** Enabled admins marked break-glass. */
  breakGlassAdmins: number;
}

/**
 * The password sign-in policy as the Admins screen, the CLI and signInAdmin read it. The
 * connection row is read straight from its table, not through lib/sso: lib/sso may name
 * admins (whom to ask), and the areas must not depend on each other both ways.
 */
export async function getPasswordSignIn(db: Db): Promise<PasswordSignInState> {
  const row = await db.row<{ enabled: number; idpName: string; protocol: SsoProtocol; requireSso: number }>(
    `SELECT enabled AS "enabled", idp_name AS "idpName", protocol AS "protocol", require_sso_for_admins AS "requireSso"
       FROM sso_connection WHERE id = 1`,
  );
  return {
    requireSso: row ? row.requireSso === 1 : false,
    connection: row ? { enabled: row.enabled === 1, idpName: row.idpName, protocol: row.protocol } : null,
    breakGlassAdmins: await countBreakGlassAdmins(db),
  };
}

const ENABLED_BREAK_GLASS = "break_glass = 1 AND disabled_at IS NULL";

/** Enabled admins marked break-glass, leaving out `exceptId` (the one about to be unmarked or disabled). */
export async function countBreakGlassAdmins(db: Db, exceptId?: string): Promise<number> {
  const row =
    exceptId === undefined
      ? await db.row<{ n: number }>(`SELECT count(*) AS "n" FROM admins WHERE ${ENABLED_BREAK_GLASS}`)
      : await db.row<{ n: number }>(`SELECT count(*) AS "n" FROM admins WHERE ${ENABLED_BREAK_GLASS} AND id <> ?`, exceptId);
  return row?.n ?? 0;
}

export const PROTOCOL_NAMES: Record<SsoProtocol, string> = { saml: "SAML", oidc: "OpenID Connect" };
