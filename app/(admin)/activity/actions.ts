"use server";

import { adminContext } from "@/app/_auth/require-admin";
import { activityFiltersSchema, activityFiltersToQuery } from "@/app/(admin)/activity/_components/activity-filters";
import type { ActivityPage } from "@/components/activity/activity-types";
import { listActivity } from "@/lib/activity/list-activity";
import { actionFailure } from "@/app/_server/action-failure";

export type ListActivityResult = { ok: true; page: ActivityPage } | { ok: false; error: string };

/** One page of the activity log for the filters in the Activity page's URL. */
export async function listActivityAction(input: unknown): Promise<ListActivityResult> {
  const { db } = await adminContext();
  const parsed = activityFiltersSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "The filters are not valid: clear them and try again." };
  try {
    return { ok: true, page: listActivity(db, activityFiltersToQuery(parsed.data, Date.now())) };
  } catch (error) {
    return actionFailure(error, "Reading the activity log");
  }
}
