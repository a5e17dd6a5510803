import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ssoConnection, type SsoConnection } from "@/db/schema";

/** The plan's SSO connection row (id 1), enabled or not; undefined when none was ever set up. */
export function getSsoConnection(db: Db): SsoConnection | undefined {
  return db.select().from(ssoConnection).where(eq(ssoConnection.id, 1)).get();
}
