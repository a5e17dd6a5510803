import { and, count, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admins, ssoConnection, type SsoProtocol } from "@/db/schema";

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
export function getPasswordSignIn(db: Db): PasswordSignInState {
  const row = db
    .select({
      enabled: ssoConnection.enabled,
      idpName: ssoConnection.idpName,
      protocol: ssoConnection.protocol,
      requireSso: ssoConnection.requireSsoForAdmins,
    })
    .from(ssoConnection)
    .where(eq(ssoConnection.id, 1))
    .get();
  return {
    requireSso: row?.requireSso ?? false,
    connection: row ? { enabled: row.enabled, idpName: row.idpName, protocol: row.protocol } : null,
    breakGlassAdmins: countBreakGlassAdmins(db),
  };
}

/** Enabled admins marked break-glass, leaving out `exceptId` (the one about to be unmarked or disabled). */
export function countBreakGlassAdmins(db: Db, exceptId?: string): number {
  return (
    db
      .select({ n: count() })
      .from(admins)
      .where(and(eq(admins.breakGlass, true), isNull(admins.disabledAt), exceptId === undefined ? undefined : ne(admins.id, exceptId)))
      .get()?.n ?? 0
  );
}

export const PROTOCOL_NAMES: Record<SsoProtocol, string> = { saml: "SAML", oidc: "OpenID Connect" };
