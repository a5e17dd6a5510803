import { z } from "zod";
import type { Db } from "@/db/client";
import { bothEngines } from "@/db/dialect";
import type { Role, SeatType } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { lastPushedSql } from "./last-pushed";
import { MEMBER_PAGE_SIZES } from "./group-member-paging";

export interface GroupDetail {
  id: string;
  displayName: string;
  externalId: string | null;
  /** When the IdP first pushed the group. */
  createdAt: number;
  /**
   * When a push last changed it (its name, external id or members): a push that changes
   * nothing leaves it alone (RFC 7644 §3.5.2.1; Okta repeats the name with every membership push).
   */
  updatedAt: number;
  /** When the IdP last sent a SCIM request about the group (LAST_PUSHED_SQL); null when none is in the kept log. */
  lastPushedAt: number | null;
  role: Role | null;
  mappedBy: string | null;
  mappedAt: number | null;
}

export interface GroupMember {
  userId: string;
  userName: string;
  displayName: string | null;
  email: string | null;
  seatType: SeatType;
  status: "active" | "deactivated";
  /** The IdP deleted the user (kept here with its history, hidden from SCIM). */
  scimDeleted: boolean;
  /** When the user joined the group. */
  addedAt: number;
}

export interface GroupMembersPage {
  group: GroupDetail;
  members: GroupMember[];
  total: number;
  page: number;
  pageSize: number;
}


const optionsSchema = z.object({
  groupId: z.string().trim().min(1, "Name the group by its id.").max(200),
  page: z.number().int().min(1, "The page is 1 or more.").max(1_000_000).default(1),
  pageSize: z
    .number()
    .int()
    .refine((n) => (MEMBER_PAGE_SIZES as readonly number[]).includes(n), `Show ${MEMBER_PAGE_SIZES.join(", ")} members a page.`)
    .default(50),
});

const GROUP_DETAIL = bothEngines((d) => `SELECT g.id, g.display_name AS "displayName", g.external_id AS "externalId", g.created_at AS "createdAt",
            g.updated_at AS "updatedAt", (${lastPushedSql(d)}) AS "lastPushedAt", m.role, m.mapped_by AS "mappedBy", m.mapped_at AS "mappedAt"
       FROM groups g LEFT JOIN group_role_mappings m ON m.group_id = g.id
      WHERE g.id = ?`);

const MEMBER_PAGE = `SELECT u.id AS "userId", u.user_name AS "userName", u.display_name AS "displayName", u.email, u.seat_type AS "seatType",
            u.status, CASE WHEN u.scim_deleted_at IS NOT NULL THEN 1 ELSE 0 END AS "scimDeleted", gm.added_at AS "addedAt"
       FROM (SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id LIMIT ? OFFSET ?) p
       JOIN group_members gm ON gm.group_id = ? AND gm.user_id = p.user_id
       JOIN users u ON u.id = p.user_id
      ORDER BY u.id`;

/**
 * A pushed group and one page of its members (issue 13: a group's members, paginated on the
 * server), every member the group holds, also users the IdP deleted or deactivated since (the
 * Admin Center keeps them; they are marked). In the order they were provisioned: members are
 * read from group_members' primary key (group_id, user_id), and user ids are UUIDv7, so the
 * count and the skipped rows of a page walk that index only; the page's rows alone are read.
 */
export async function listGroupMembers(db: Db, options: z.input<typeof optionsSchema>): Promise<GroupMembersPage> {
  const { groupId, page, pageSize } = parseInput(optionsSchema, options);
  const group = await db.row<GroupDetail>(GROUP_DETAIL, groupId);
  if (!group) {
    throw new AppError("not_found", `No group with id '${groupId}': the identity provider may have deleted it. See the Groups page.`);
  }
  const total = (await db.row<{ n: number }>("SELECT count(*) AS n FROM group_members WHERE group_id = ?", groupId))!.n;
  const rows = await db.rows<Omit<GroupMember, "scimDeleted"> & { scimDeleted: number }>(
    MEMBER_PAGE,
    groupId,
    pageSize,
    (page - 1) * pageSize,
    groupId,
  );
  return {
    group,
    members: rows.map((r) => ({ ...r, scimDeleted: r.scimDeleted === 1 })),
    total,
    page,
    pageSize,
  };
}
