/**
 * Every use case that takes input from outside (the CLI, a server action) parses it here,
 * so a refusal reads the same everywhere: AppError("invalid") whose message names each bad
 * value and whose details carry zod's field errors, which server actions show beside the
 * fields (app/_server/admin-action.ts).
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(
    "invalid",
    result.error.issues.map((issue) => issue.message).join("; "),
    { fields: z.flattenError(result.error).fieldErrors },
  );
}
