"use server";

import { z } from "zod";
import { requestDb } from "@/app/_server/db";
import { isAppError } from "@/lib/errors";
import { completeSetup, setupInputSchema } from "@/lib/setup/complete-setup";

export type SetupField = "email" | "password" | "confirmPassword" | "name" | "planName" | "primaryEmail";

export type SetupResult =
  | { ok: true }
  | { ok: false; message: string; fieldErrors?: Partial<Record<SetupField, string>> };

const formSchema = setupInputSchema
  .extend({ confirmPassword: z.string() })
  .refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "the passwords do not match",
  });

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The one server action open to signed-out visitors: it only works while no admin exists
 * (completeSetup refuses otherwise, inside its transaction), so it cannot be replayed to
 * add an admin later.
 */
export async function completeSetupAction(formData: FormData): Promise<SetupResult> {
  const raw = Object.fromEntries(
    (["email", "password", "confirmPassword", "name", "planName", "primaryEmail"] as const).map((key) => [
      key,
      typeof formData.get(key) === "string" ? formData.get(key) : undefined,
    ]),
  );
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<SetupField, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as SetupField | undefined;
      if (key && !fieldErrors[key]) fieldErrors[key] = `${capitalise(issue.message)}.`;
    }
    return { ok: false, message: "Some fields need a change: see below.", fieldErrors };
  }
  try {
    const { confirmPassword: _confirm, ...input } = parsed.data;
    completeSetup(await requestDb(), input);
    return { ok: true };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message };
    throw error;
  }
}
