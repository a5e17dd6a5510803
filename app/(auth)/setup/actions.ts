"use server";

import { z } from "zod";
import { publicAction } from "@/app/_server/admin-action";
import { completeSetup, setupInputSchema } from "@/lib/setup/complete-setup";

const FIELDS = ["email", "password", "confirmPassword", "name", "planName", "primaryEmail"] as const;
export type SetupField = (typeof FIELDS)[number];

const formSchema = z.preprocess(
  (form) =>
    form instanceof FormData
      ? Object.fromEntries(FIELDS.map((key) => [key, typeof form.get(key) === "string" ? form.get(key) : undefined]))
      : form,
  setupInputSchema.extend({ confirmPassword: z.string() }).refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "the passwords do not match",
  }),
);

/**
 * The one server action open to signed-out visitors: it only works while no admin exists
 * (completeSetup refuses otherwise, inside its transaction), so it cannot be replayed to
 * add an admin later.
 */
export const completeSetupAction = publicAction(
  formSchema,
  ({ confirmPassword: _confirm, ...input }, { db }) => {
    completeSetup(db, input);
    return null;
  },
  { failure: "Setting up", invalid: "Some fields need a change: see below." },
);
