"use server";

/** Groups screen writes; its reads are GET route handlers (app/api/groups). */
import { z } from "zod";
import { adminAction } from "@/app/_server/admin-action";
import { ROLES } from "@/db/schema";
import { saveGroupMapping } from "@/lib/directory/save-group-mapping";

const mappingSchema = z.object({
  group: z.string().trim().min(1, "Choose a group.").max(500),
  /** null: remove the mapping. */
  role: z.enum(ROLES, { message: "Choose a role." }).nullable(),
});

/** Saves the mapping (or removes it); every member is re-synced at once while DI is on. */
export const setGroupMappingAction = adminAction(
  mappingSchema,
  async ({ group, role }, { db, actor }) => saveGroupMapping(db, { group, role, actor, now: Date.now() }),
  { failure: "Saving the mapping" },
);
