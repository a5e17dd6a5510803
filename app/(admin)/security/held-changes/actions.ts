"use server";

/**
 * Held changes writes (README "Mass-deactivation breaker"): the breaker's settings, and
 * release / discard of what it holds. Each is adminAction: session, zod, one lib call.
 */
import { adminAction } from "@/app/_server/admin-action";
import { discardHeldChanges, heldSelectionSchema, releaseHeldChanges } from "@/lib/directory/decide-held-changes";
import { settingsChangeSchema, updateSettings } from "@/lib/settings/update-settings";

const breakerSettingsInput = settingsChangeSchema.pick({
  breakerEnabled: true,
  breakerPercent: true,
  breakerMinPeople: true,
  breakerWindowMinutes: true,
});

export const updateBreakerSettingsAction = adminAction(
  breakerSettingsInput,
  async (change, { db, actor }) => {
    const plan = await updateSettings(db, change, actor);
    return {
      enabled: plan.breakerEnabled,
      percent: plan.breakerPercent,
      minPeople: plan.breakerMinPeople,
      windowMinutes: plan.breakerWindowMinutes,
    };
  },
  { failure: "Saving the breaker's settings" },
);

export const releaseHeldChangesAction = adminAction(
  heldSelectionSchema,
  async (selection, { db, actor }) => releaseHeldChanges(db, selection, actor, Date.now()),
  { failure: "Releasing the held changes" },
);

export const discardHeldChangesAction = adminAction(
  heldSelectionSchema,
  async (selection, { db, actor }) => discardHeldChanges(db, selection, actor, Date.now()),
  { failure: "Discarding the held changes" },
);
