import { z } from "zod";

export const planNameSchema = z
  .string({ error: "the plan name is required" })
  .trim()
  .min(1, "the plan name must not be empty")
  .max(200, "the plan name must be at most 200 characters");

export const primaryEmailSchema = z
  .string({ error: "the primary email is required" })
  .trim()
  .pipe(z.email("the primary email must be an email address, e.g. admin@example.com"));

export const planInputSchema = z.object({
  name: planNameSchema,
  primaryEmail: primaryEmailSchema,
});

export type PlanInput = z.input<typeof planInputSchema>;
