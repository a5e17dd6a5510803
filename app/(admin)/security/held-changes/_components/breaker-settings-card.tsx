"use client";

import { useState, type FormEvent } from "react";
import { updateBreakerSettingsAction } from "@/app/(admin)/security/held-changes/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { fieldError } from "@/lib/action-result";
import type { BreakerStatus } from "@/lib/directory/get-breaker-status";

type Numbers = { breakerPercent: string; breakerMinPeople: string; breakerWindowMinutes: string };

const LIMITS = {
  breakerPercent: { min: 1, max: 100, what: "a whole percentage from 1 to 100" },
  breakerMinPeople: { min: 1, max: 100_000, what: "a whole number of people from 1 to 100,000" },
  breakerWindowMinutes: { min: 1, max: 1_440, what: "a whole number of minutes from 1 to 1,440" },
} as const;

const number = new Intl.NumberFormat("en");

/** The breaker's switch and its threshold: every change is an activity entry (lib/settings/update-settings.ts). */
export function BreakerSettingsCard({ status }: { status: BreakerStatus }) {
  const { settings, window } = status;
  const [draft, setDraft] = useState<Numbers>({
    breakerPercent: String(settings.percent),
    breakerMinPeople: String(settings.minPeople),
    breakerWindowMinutes: String(settings.windowMinutes),
  });
  const [errors, setErrors] = useState<Partial<Record<keyof Numbers, string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const save = useActionMutation({
    action: updateBreakerSettingsAction,
    refresh: true,
    onSuccess: (saved) =>
      setDone(
        saved.enabled
          ? `The breaker is on: more than ${saved.percent}% of active users (at least ${number.format(saved.minPeople)} people) deactivated or downgraded from Member by the identity provider within ${saved.windowMinutes} minutes trips it.`
          : "The breaker is off: every deactivation and downgrade from the identity provider applies at once.",
      ),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<keyof Numbers, string>> = {};
    const values: Partial<Record<keyof Numbers, number>> = {};
    for (const key of Object.keys(LIMITS) as (keyof Numbers)[]) {
      const n = Number(draft[key].trim());
      const { min, max, what } = LIMITS[key];
      if (draft[key].trim() === "" || !Number.isInteger(n) || n < min || n > max) found[key] = `Enter ${what}.`;
      else values[key] = n;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setDone(null);
    save.mutate(values);
  };

  const serverError = (key: keyof Numbers) => (save.error ? fieldError(save.error, key) : undefined);

  return (
    <Card
      id="breaker-settings"
      title="Mass-deactivation breaker"
      description="When the identity provider deactivates (or removes from Member) more people than this within the window, the rest are held here for a System Admin instead of applied. Changes by admins are never held."
    >
      <div className="flex flex-col gap-4">
        <Switch
          id="breaker-switch"
          label="Hold mass deactivations"
          checked={settings.enabled}
          disabled={save.isPending}
          onCheckedChange={(checked) => {
            setDone(null);
            save.mutate({ breakerEnabled: checked });
          }}
          description={
            settings.enabled
              ? `Now: ${number.format(window.applied)} of ${number.format(window.threshold)} counted changes in the last ${settings.windowMinutes} minutes (${number.format(window.activeUsers)} active users).`
              : "Off: the identity provider's deactivations and downgrades all apply at once. Changes already held stay held until decided."
          }
        />
        <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <Field
              id="breaker-percent"
              label="Share of active users (%)"
              inputMode="numeric"
              value={draft.breakerPercent}
              onChange={(e) => setDraft({ ...draft, breakerPercent: e.target.value })}
              error={errors.breakerPercent ?? serverError("breakerPercent")}
            />
            <Field
              id="breaker-min-people"
              label="At least (people)"
              inputMode="numeric"
              value={draft.breakerMinPeople}
              onChange={(e) => setDraft({ ...draft, breakerMinPeople: e.target.value })}
              error={errors.breakerMinPeople ?? serverError("breakerMinPeople")}
            />
            <Field
              id="breaker-window"
              label="Within (minutes)"
              inputMode="numeric"
              value={draft.breakerWindowMinutes}
              onChange={(e) => setDraft({ ...draft, breakerWindowMinutes: e.target.value })}
              error={errors.breakerWindowMinutes ?? serverError("breakerWindowMinutes")}
            />
          </div>
          <p className="text-sm text-slate-600">
            It trips on the change that would make more than the larger of the two numbers in the window (now{" "}
            <span className="font-medium tabular-nums">{number.format(window.threshold)}</span>).
          </p>
          <div>
            <Button type="submit" variant="secondary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save threshold"}
            </Button>
          </div>
        </form>
        <div aria-live="polite">
          {done && <Alert tone="success">{done}</Alert>}
          {save.error && !Object.keys(LIMITS).some((k) => serverError(k as keyof Numbers)) && <Alert tone="error">{save.error.message}</Alert>}
        </div>
      </div>
    </Card>
  );
}
