import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { ssoConnection, type SsoConnection } from "@/db/schema";

/** The connection row, keyed as SsoConnection; `ssoConnection$.map` converts its flags and certificates. */
export const ssoConnection$ = columnsOf(ssoConnection);
const SSO_CONNECTION = `SELECT ${ssoConnection$.list} FROM sso_connection WHERE id = 1`;

/** The plan's SSO connection row (id 1), enabled or not; undefined when none was ever set up. */
export async function getSsoConnection(db: Db): Promise<SsoConnection | undefined> {
  return ssoConnection$.mapOptional(await db.row(SSO_CONNECTION));
}
