import { getTableColumns } from "drizzle-orm";
import { z } from "zod";
import { inTransaction, type Db, type SqlParam } from "@/db/client";
import { ssoConnection, type SsoConnection } from "@/db/schema";
import { recordActivity } from "@/lib/activity/record-activity";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { getSsoConnection, ssoConnection$ } from "./get-sso-connection";
import { idpNameSchema } from "./save-saml-connection";

export const MAX_CLOCK_SKEW_SECONDS = 300;

export const ssoOptionsSchema = z
  .object({
    allowIdpInitiated: z.boolean({ error: "IdP-initiated sign-in must be on or off" }).optional(),
    clockSkewSeconds: z
      .number({ error: `the clock skew must be a whole number of seconds from 0 to ${MAX_CLOCK_SKEW_SECONDS}` })
      .int(`the clock skew must be a whole number of seconds from 0 to ${MAX_CLOCK_SKEW_SECONDS}`)
      .min(0, "the clock skew cannot be negative")
      .max(MAX_CLOCK_SKEW_SECONDS, `the clock skew must be at most ${MAX_CLOCK_SKEW_SECONDS} seconds (5 minutes): fix the clocks instead`)
      .optional(),
    idpName: idpNameSchema.optional(),
  })
  .strict();

export type SsoOptions = z.input<typeof ssoOptionsSchema>;

const onOff = (v: boolean) => (v ? "on" : "off");
const LOG = {
  allowIdpInitiated: { action: "settings.sso-idp-initiated", column: "samlAllowIdpInitiated", show: (v: unknown) => onOff(v as boolean) },
  clockSkewSeconds: { action: "settings.sso-clock-skew", column: "clockSkewSeconds", show: (v: unknown) => `${String(v)} s` },
  idpName: { action: "settings.sso-idp-name", column: "idpName", show: String },
} as const;

const COLUMNS = getTableColumns(ssoConnection);

/** The connection's options; each value that changes is one activity entry (old and new). */
export async function setSsoOptions(db: Db, options: SsoOptions, actor: string, now = Date.now()): Promise<SsoConnection> {
  const parsed = parseInput(ssoOptionsSchema, options);
  return inTransaction(db, async (tx) => {
    const before = await getSsoConnection(tx);
    if (!before) throw new AppError("conflict", "No SSO connection yet: set up SAML or OpenID Connect first.");
    const keys = (Object.keys(LOG) as (keyof typeof LOG)[]).filter((k) => parsed[k] !== undefined && parsed[k] !== before[LOG[k].column]);
    if (keys.length === 0) return before;
    const set = keys.map((k) => `${COLUMNS[LOG[k].column].name} = ?`).join(", ");
    await tx.execute(
      `UPDATE sso_connection SET ${set}, updated_at = ?, updated_by = ? WHERE id = 1`,
      ...keys.map((k) => ssoConnection$.toStored(LOG[k].column, parsed[k]) as SqlParam),
      now,
      actor,
    );
    for (const k of keys) {
      await recordActivity(tx, { at: now, kind: "settings", actor, action: LOG[k].action, fromValue: LOG[k].show(before[LOG[k].column]), toValue: LOG[k].show(parsed[k]) });
    }
    return (await getSsoConnection(tx))!;
  });
}
