"use server";

import { z } from "zod";
import { publicAction } from "@/app/_server/admin-action";
import { setupCodeFile } from "@/app/_auth/setup-code";
import { AppError } from "@/lib/errors";
import { completeSetup, setupInputSchema } from "@/lib/setup/complete-setup";
import { checkSetupCode, discardSetupCode } from "@/lib/setup/setup-code";

const FIELDS = ["setupCode", "email", "password", "confirmPassword", "name", "planName", "primaryEmail"] as const;
export type SetupField = (typeof FIELDS)[number];

const formSchema = z.preprocess(
  (form) =>
    form instanceof FormData
      ? Object.fromEntries(FIELDS.map((key) => [key, typeof form.get(key) === "string" ? form.get(key) : undefined]))
      : form,
  setupInputSchema
    .extend({ setupCode: z.string().trim().min(1, "enter the setup code from the server's log").max(64), confirmPassword: z.string() })
    .refine((input) => input.password === input.confirmPassword, {
      path: ["confirmPassword"],
      message: "the passwords do not match",
    }),
);

/**
 * The one server action open to signed-out visitors: it needs the one-time setup code the
 * server printed at start (so whoever reaches a fresh instance first cannot take it over)
 * and only works while no admin exists (completeSetup refuses otherwise, inside its
 * transaction), so it cannot be replayed to add an admin later.
 */
export const completeSetupAction = publicAction(
  formSchema,
  async ({ confirmPassword: _confirm, setupCode, ...input }, { db }) => {
    const file = setupCodeFile();
    if (!checkSetupCode(file, setupCode)) {
      throw new AppError("forbidden", "The setup code is not right.", {
        fields: { setupCode: ["use the setup code the server printed to its log at start (it is also in the file setup-code beside the database)"] },
      });
    }
    await completeSetup(db, input);
    discardSetupCode(file);
    return null;
  },
  { failure: "Setting up", invalid: "Some fields need a change: see below." },
);
