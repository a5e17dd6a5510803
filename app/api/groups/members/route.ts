import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { listGroupMembers } from "@/lib/groups/list-group-members";

const query = z.object({
  group: z.string().trim().min(1).max(200),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  size: z.coerce.number().int().default(50),
});

/** One page of a pushed group's members (the group page pages on the server). */
export const GET = adminRoute(
  query,
  async ({ group, page, size }, { db }) => listGroupMembers(db, { groupId: group, page, pageSize: size }),
  { failure: "Listing the group's members", invalid: "Name the group by its id, and a page of 1 or more." },
);
