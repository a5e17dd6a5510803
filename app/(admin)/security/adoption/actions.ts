"use server";

/**
 * Security & Controls › Adoption writes (README "Adopting people who were there before SCIM"):
 * the adoption setting, and approving or refusing the links the IdP asked for. Each is an
 * adminAction: session, zod, one lib call.
 */
import { z } from "zod";
import { adminAction } from "@/app/_server/admin-action";
import { refuseAdoptions } from "@/lib/directory/refuse-adoption";
import { approveAdoptions } from "@/lib/scim/users/approve-adoption";
import { settingsChangeSchema, updateSettings } from "@/lib/settings/update-settings";

const people = z.object({
  userIds: z.array(z.string().min(1)).min(1, "Choose at least one person").max(500, "Decide at most 500 people at once"),
});

export const setAdoptionPolicyAction = adminAction(
  settingsChangeSchema.pick({ adoptionPolicy: true }).required(),
  async (change, { db, actor }) => (await updateSettings(db, change, actor)).adoptionPolicy,
  { failure: "Saving the adoption setting" },
);

export const approveAdoptionsAction = adminAction(
  people,
  async ({ userIds }, { db, actor }) => approveAdoptions(db, userIds, actor, Date.now()),
  { failure: "Approving the links" },
);

export const refuseAdoptionsAction = adminAction(
  people,
  async ({ userIds }, { db, actor }) => refuseAdoptions(db, userIds, actor, Date.now()),
  { failure: "Refusing the links" },
);
