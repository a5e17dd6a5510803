import type { Group } from "@/db/schema";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { etagOf, isoOrUndefined } from "../users/user-columns";
import type { MemberRef } from "@/lib/groups/group-queries";

/** RFC 7643 §4.2: the Group as SCIM responses show it. `members` undefined = not asked for. */
export function renderScimGroup(
  group: Group,
  members: MemberRef[] | undefined,
  baseUrl: string,
): Record<string, unknown> {
  return {
    schemas: [SCHEMA_URNS.group],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(members && members.length > 0
      ? {
          members: members.map((m) => ({
            value: m.userId,
            $ref: `${baseUrl}/Users/${m.userId}`,
            display: m.displayName ?? m.userName,
            type: "User",
          })),
        }
      : {}),
    meta: {
      resourceType: "Group",
      created: isoOrUndefined(group.createdAt),
      lastModified: isoOrUndefined(group.updatedAt),
      location: `${baseUrl}/Groups/${group.id}`,
      version: etagOf(group.version),
    },
  };
}
