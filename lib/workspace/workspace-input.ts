import { z } from "zod";

export const MAX_SHEET_NAME_LENGTH = 120;

/** A sheet's name as a person types it: trimmed, not empty, not absurdly long, no control characters. */
export const sheetNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name for the sheet.")
  .max(MAX_SHEET_NAME_LENGTH, `A sheet's name has at most ${MAX_SHEET_NAME_LENGTH} characters.`)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "A sheet's name cannot contain control characters (tabs, line breaks).");

export const createSheetInputSchema = z.object({ name: sheetNameSchema });
