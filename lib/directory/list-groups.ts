import type { Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import type { Role } from "@/db/schema";
import { lastPushedSql } from "@/lib/groups/last-pushed";

export interface GroupListItem {
  id: string;
  displayName: string;
  externalId: string | null;
  members: number;
  role: Role | null;
  mappedBy: string | null;
  mappedAt: number | null;
  updatedAt: number;
  /**
   * When the IdP last sent a SCIM request about the group (a push, also one that changed
   * nothing, or a read of it), from the activity log; null when none is in the kept log.
   */
  lastPushedAt: number | null;
}

// CAST: a parameter only tested for NULL has no type PostgreSQL could infer.
const LIST_GROUPS_SQL = bothEngines((d) => `SELECT g.id, g.display_name AS "displayName", g.external_id AS "externalId", g.updated_at AS "updatedAt",
            (SELECT count(*) FROM group_members gm WHERE gm.group_id = g.id) AS members,
            (${lastPushedSql(d)}) AS "lastPushedAt",
            m.role, m.mapped_by AS "mappedBy", m.mapped_at AS "mappedAt"
       FROM groups g LEFT JOIN group_role_mappings m ON m.group_id = g.id
      WHERE (CAST(? AS TEXT) IS NULL OR g.display_name ${d.like} ? ESCAPE '\\')
      ORDER BY g.display_name_norm`);

/** Groups pushed by the IdP with member counts and role mappings (the Groups page). */
export async function listGroups(db: Db, search?: string): Promise<GroupListItem[]> {
  const like = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db.rows<GroupListItem>(LIST_GROUPS_SQL, like, like);
}
