import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { ROLES } from "@/db/schema";
import { previewGroupMapping } from "@/lib/directory/map-group-role";

const query = z.object({
  group: z.string().trim().min(1, "Choose a group.").max(500),
  /** Absent: the preview of removing the mapping. */
  role: z.enum(ROLES, { message: "Choose a role." }).optional(),
});

/** Which members' seats the mapping (or its removal) would change, without saving. */
export const GET = adminRoute(
  query,
  async ({ group, role }, { db }) => previewGroupMapping(db, group, role ?? null, Date.now()),
  { failure: "The preview" },
);
