import { getTableColumns } from "drizzle-orm";
import { z } from "zod";
import { inTransaction, type Db, type SqlParam } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { ADOPTION_POLICIES, plan, PROVISIONAL_POLICIES, type Plan } from "@/db/schema";
import { parseInput } from "@/lib/parse-input";
import { recordActivity } from "@/lib/activity/record-activity";
import { MAX_ACTIVITY_RETENTION_DAYS, MIN_ACTIVITY_RETENTION_DAYS } from "@/lib/activity/retention";
import { listValidatedDomainNames } from "@/lib/domains/validated-domains";
import { AppError } from "@/lib/errors";
import { PLAN_ID, requirePlan } from "@/lib/plan/get-plan";

export const settingsChangeSchema = z
  .object({
    autoUpgrade: z.boolean({ error: "auto-upgrade must be on or off" }).optional(),
    uapEnabled: z.boolean({ error: "UAP must be on or off" }).optional(),
    provisionalPolicy: z
      .enum(PROVISIONAL_POLICIES, {
        error: `the provisional policy must be one of ${PROVISIONAL_POLICIES.join(", ")}`,
      })
      .optional(),
    reviewDays: z
      .number({ error: "review days must be a whole number from 1 to 365" })
      .int("review days must be a whole number from 1 to 365")
      .min(1, "review days must be at least 1")
      .max(365, "review days must be at most 365")
      .optional(),
    activityRetentionDays: z
      .number({ error: `activity retention must be a whole number of days from ${MIN_ACTIVITY_RETENTION_DAYS} to ${MAX_ACTIVITY_RETENTION_DAYS}` })
      .int(`activity retention must be a whole number of days from ${MIN_ACTIVITY_RETENTION_DAYS} to ${MAX_ACTIVITY_RETENTION_DAYS}`)
      .min(MIN_ACTIVITY_RETENTION_DAYS, `activity retention must be at least ${MIN_ACTIVITY_RETENTION_DAYS} days`)
      .max(MAX_ACTIVITY_RETENTION_DAYS, `activity retention must be at most ${MAX_ACTIVITY_RETENTION_DAYS} days`)
      .optional(),
    // Issue 14 §1: the mass-deactivation breaker.
    breakerEnabled: z.boolean({ error: "the breaker must be on or off" }).optional(),
    breakerPercent: wholeNumber("the breaker's share of active users", 1, 100, "%"),
    breakerMinPeople: wholeNumber("the breaker's minimum number of people", 1, 100_000, " people"),
    breakerWindowMinutes: wholeNumber("the breaker's window", 1, 1_440, " minutes"),
    // Issue 14 §2: people who were on the plan before SCIM.
    adoptionPolicy: z
      .enum(ADOPTION_POLICIES, { error: `adoption must be one of ${ADOPTION_POLICIES.join(", ")}` })
      .optional(),
    // Issue 14 §3: what the IdP sent, kept this long.
    scimBodyRetentionDays: wholeNumber("SCIM body retention", 1, 90, " days"),
  })
  .strict();

function wholeNumber(what: string, min: number, max: number, unit: string) {
  const range = `${what} must be a whole number from ${min} to ${max}${unit}`;
  return z.number({ error: range }).int(range).min(min, range).max(max, range).optional();
}

export type SettingsChange = z.input<typeof settingsChangeSchema>;

/** Activity action and how a value reads in the log, per setting (docs/product.md §7: who, old, new). */
const LOG: { [K in keyof SettingsChange]-?: { action: string; show: (v: Plan[K]) => string } } = {
  autoUpgrade: { action: "settings.auto-upgrade", show: onOff },
  uapEnabled: { action: "settings.uap", show: onOff },
  provisionalPolicy: { action: "settings.provisional-policy", show: String },
  reviewDays: { action: "settings.review-days", show: String },
  activityRetentionDays: { action: "settings.activity-retention-days", show: String },
  breakerEnabled: { action: "settings.breaker", show: onOff },
  breakerPercent: { action: "settings.breaker-percent", show: (v) => `${v}%` },
  breakerMinPeople: { action: "settings.breaker-min-people", show: String },
  breakerWindowMinutes: { action: "settings.breaker-window-minutes", show: (v) => `${v} min` },
  adoptionPolicy: { action: "settings.adoption", show: String },
  scimBodyRetentionDays: { action: "settings.scim-body-retention-days", show: String },
};

function onOff(value: boolean): string {
  return value ? "on" : "off";
}

const PLAN_COLUMNS = getTableColumns(plan);
const plan$ = columnsOf(plan);

/**
 * Changes the plan switches of docs/product.md §4. Only the fields given change; each change that
 * differs from the stored value is one activity entry. A new review length applies to
 * review periods that start after the change; running periods keep their end date.
 */
export async function updateSettings(db: Db, change: SettingsChange, actor: string): Promise<Plan> {
  const parsed = parseInput(settingsChangeSchema, change);
  // IMMEDIATE takes the write lock before the checks read, so the server and the CLI
  // writing at once cannot both pass them (and no deferred lock upgrade hits SQLITE_BUSY).
  return inTransaction(db, async (tx) => {
    const before = await requirePlan(tx);
    const keys = (Object.keys(parsed) as (keyof SettingsChange)[]).filter(
      (key) => parsed[key] !== undefined && parsed[key] !== before[key],
    );
    if (keys.length === 0) return before;

    // docs/product.md §4/§5: UAP adds people by their email's validated domain, so it needs one.
    if (parsed.uapEnabled === true && !before.uapEnabled && (await listValidatedDomainNames(tx)).length === 0) {
      throw new AppError(
        "conflict",
        "User auto-provisioning (UAP) needs at least one validated domain: add and verify a domain first (`domain add <domain>`, then `domain verify <domain>`)",
      );
    }

    const now = Date.now();
    await tx.execute(
      `UPDATE plan SET ${keys.map((k) => `${PLAN_COLUMNS[k].name} = ?`).join(", ")}, updated_at = ? WHERE id = ?`,
      ...keys.map((k) => plan$.toStored(k, parsed[k]) as SqlParam),
      now,
      PLAN_ID,
    );
    for (const key of keys) {
      const log = LOG[key] as { action: string; show: (v: unknown) => string };
      await recordActivity(tx, {
        at: now,
        kind: "settings",
        actor,
        action: log.action,
        fromValue: log.show(before[key]),
        toValue: log.show(parsed[key]),
      });
    }
    return requirePlan(tx);
  });
}
