import type { Db } from "@/db/client";
import type { Role, User } from "@/db/schema";
import { decodeDirectRoles, SYSTEM_ADMIN_ROLES } from "@/lib/seats";

const SYSTEM_ADMIN_ROLE_SET: ReadonlySet<Role> = new Set<Role>(SYSTEM_ADMIN_ROLES);

// One indexed probe (group_members_user_idx, then the mapping's primary key) that stops at
// the first hit: this runs on every Admin Center request of an admin who signed in through
// the IdP, so it never builds the user's whole list of grants.
const MAPPED_ADMIN_ROLE_SQL = `SELECT m.role AS role FROM group_members gm
    JOIN group_role_mappings m ON m.group_id = gm.group_id
   WHERE gm.user_id = ? AND m.role IN (${SYSTEM_ADMIN_ROLES.map((r) => `'${r}'`).join(", ")})
   LIMIT 1`;

/**
 * Whether a plan user holds System Admin rights at this moment (docs/product.md §2): a
 * System Admin role among their direct roles (SCIM `roles`, where SYSTEM_ADMIN is already
 * expanded, and the seat extension's smartsheetSystemAdmin), or membership of a pushed group
 * mapped to one. Read from the rows as they are now, so a SCIM write or a mapping change
 * takes the rights away at the next request. A deactivated user holds none.
 */
export async function hasSystemAdminRights(db: Db, user: Pick<User, "id" | "status" | "directRoles">): Promise<boolean> {
  if (user.status !== "active") return false;
  if (decodeDirectRoles(user.directRoles).some((role) => SYSTEM_ADMIN_ROLE_SET.has(role))) return true;
  return await db.row(MAPPED_ADMIN_ROLE_SQL, user.id) !== undefined;
}
