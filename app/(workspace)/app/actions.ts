"use server";

/** Workspace writes: each re-reads the plan user and their seat at this request (planUserAction, lib/workspace). */
import { z } from "zod";
import { planUserAction } from "@/app/_server/plan-user-action";
import { createSheet } from "@/lib/workspace/create-sheet";

// The shape only: lib/workspace/workspace-input.ts judges the name and says what is wrong.
export const createSheetAction = planUserAction(
  z.object({ name: z.string().max(10_000) }),
  async ({ name }, { db, user }) => {
    const { sheet, becameProvisional, reviewEndsAt } = await createSheet(db, { userId: user.id, name, now: Date.now() });
    return { name: sheet.name, becameProvisional, reviewEndsAt };
  },
  { failure: "Creating the sheet" },
);
