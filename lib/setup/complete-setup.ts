import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import type { Admin, Plan } from "@/db/schema";
import { adminEmailSchema, adminNameSchema, adminPasswordSchema } from "@/lib/admins/admin-input";
import { countAdmins } from "@/lib/admins/count-admins";
import { createAdmin, type CreateAdminOptions } from "@/lib/admins/create-admin";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { planNameSchema, primaryEmailSchema } from "@/lib/plan/plan-input";
import { setPlan } from "@/lib/plan/set-plan";

export const setupInputSchema = z.object({
  email: adminEmailSchema,
  password: adminPasswordSchema,
  name: adminNameSchema,
  planName: planNameSchema,
  primaryEmail: primaryEmailSchema,
});

export type SetupInput = z.input<typeof setupInputSchema>;

export const SETUP_DONE_MESSAGE = "Setup is already complete: an admin exists. Sign in instead.";

/**
 * The one-time first run: creates the first System Admin and the plan, all or nothing.
 * Refused once any admin exists, so the open setup page cannot mint a second admin.
 */
export async function completeSetup(
  db: Db,
  input: SetupInput,
  options: CreateAdminOptions = {},
): Promise<{ admin: Admin; plan: Plan }> {
  const { email, password, name, planName, primaryEmail } = parseInput(setupInputSchema, input);
  if (await countAdmins(db) > 0) throw new AppError("conflict", SETUP_DONE_MESSAGE);
  // IMMEDIATE takes the write lock up front: two setups racing from two processes cannot
  // both see zero admins. createAdmin and setPlan nest as savepoints.
  return inTransaction(db, async (tx) => {
    if (await countAdmins(tx) > 0) throw new AppError("conflict", SETUP_DONE_MESSAGE);
    const admin = await createAdmin(tx, { email, password, name }, email, options);
    const plan = await setPlan(tx, { name: planName, primaryEmail }, admin.email);
    return { admin, plan };
  });
}
