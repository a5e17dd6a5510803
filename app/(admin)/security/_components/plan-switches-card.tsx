"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { RadioGroup } from "radix-ui";
import { useState, type FormEvent } from "react";
import { updateSettingsAction } from "@/app/(admin)/security/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import type { ProvisionalPolicy } from "@/db/schema";
import { fieldError } from "@/lib/action-result";
import type { SecurityState } from "@/lib/security/get-security-state";
import type { SettingsChange } from "@/lib/settings/update-settings";
import { MessageText, plainMessage } from "./message-text";
import { unwrap, useInvalidate, useSecurityState } from "./security-query";

type Control = "autoUpgrade" | "uapEnabled" | "provisionalPolicy" | "reviewDays";
type Feedback = { control: Control; tone: "success" | "error"; text: string };

// The stored value "auto-upgrade" reads "Upgrade to Member" here: "Auto-upgrade" is the
// Contributor switch above, a different setting (docs/product.md §4).
const POLICIES: { value: ProvisionalPolicy; label: string; name: string; explain: string }[] = [
  {
    value: "admin-approval",
    label: "Admin approval (default)",
    name: "admin approval",
    explain:
      "When the review period ends, the Provisional Member goes back to Contributor, unless a System Admin made them a Member meanwhile.",
  },
  {
    value: "auto-upgrade",
    label: "Upgrade to Member",
    name: "upgrade to Member",
    explain: "When the review period ends, the Provisional Member becomes a Member (a paid seat).",
  },
];

function InlineFeedback({ feedback, control }: { feedback: Feedback | null; control: Control }) {
  return (
    <div aria-live="polite">
      {feedback?.control === control && (
        <Alert tone={feedback.tone} className="mt-2">
          <MessageText text={feedback.text} />
        </Alert>
      )}
    </div>
  );
}

export function PlanSwitchesCard({ initialState }: { initialState: SecurityState }) {
  const state = useSecurityState(initialState);
  const invalidate = useInvalidate();
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [days, setDays] = useState<string | null>(null);
  const [daysError, setDaysError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: ({ change }: { control: Control; change: SettingsChange; done: string }) =>
      unwrap(updateSettingsAction(change)),
    onSuccess: async (_data, { control, done }) => {
      setFeedback({ control, tone: "success", text: done });
      if (control === "reviewDays") setDays(null);
      await invalidate.security();
    },
    onError: (error, { control }) => {
      // A refused review length goes beside its field; every other failure beside its control.
      const days = fieldError(error, "reviewDays");
      if (days) setDaysError(days);
      else setFeedback({ control, tone: "error", text: error.message });
    },
  });

  const plan = state.plan;
  if (!plan) return null;
  const busy = (control: Control) => save.isPending && save.variables?.control === control;
  const noDomain = state.validatedDomains.length === 0;
  const daysValue = days ?? String(plan.reviewDays);

  const saveDays = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(daysValue.trim());
    if (daysValue.trim() === "" || !Number.isInteger(n) || n < 1 || n > 365) {
      setDaysError("Enter a whole number of days from 1 to 365.");
      return;
    }
    setDaysError(undefined);
    save.mutate({
      control: "reviewDays",
      change: { reviewDays: n },
      done: `The review period is ${n} ${n === 1 ? "day" : "days"} for reviews that start from now on; running reviews keep their end date.`,
    });
  };

  return (
    <Card
      id="plan-switches"
      title="Plan switches"
      description="How people join the plan and how Provisional Members are handled. Every change is recorded in Activity."
    >
      <div className="flex flex-col divide-y divide-slate-100">
        {state.autoUpgradeWarning && (
          <div className="pb-4">
            <Alert tone="warn">{state.autoUpgradeWarning}</Alert>
          </div>
        )}

        <div className="py-4 first:pt-0">
          <Switch
            id="auto-upgrade-switch"
            label="Contributor auto-upgrade"
            checked={plan.autoUpgrade}
            disabled={busy("autoUpgrade")}
            onCheckedChange={(checked) =>
              save.mutate({
                control: "autoUpgrade",
                change: { autoUpgrade: checked },
                done: checked
                  ? "Contributor auto-upgrade is on: Contributors who attempt a Member-only action become Provisional Members."
                  : "Contributor auto-upgrade is off: Contributors must ask a System Admin for a Member seat.",
              })
            }
            description={
              <>
                When on, a Contributor who attempts a Member-only action becomes a Provisional Member at once, for the review
                period below. When off, they stay a Contributor and must ask a System Admin for a Member seat.{" "}
                <strong className="font-medium text-slate-800">Recommended off while Directory Integration is on</strong>, so
                the IdP alone decides who is a Member.
              </>
            }
          />
          <InlineFeedback feedback={feedback} control="autoUpgrade" />
        </div>

        <div className="py-4">
          <Switch
            id="uap-switch"
            label="User auto-provisioning (UAP)"
            checked={plan.uapEnabled}
            disabled={busy("uapEnabled") || (noDomain && !plan.uapEnabled)}
            onCheckedChange={(checked) =>
              save.mutate({
                control: "uapEnabled",
                change: { uapEnabled: checked },
                done: checked
                  ? `UAP is on: people with an email on ${state.validatedDomains.join(", ")} who sign in join the plan as Contributors.`
                  : "UAP is off: people join the plan only through your IdP or a System Admin.",
              })
            }
            description={
              <>
                When on, a person with an email on a validated domain who signs in and is not on the plan yet is added as a
                Contributor. Keep it off if people should join only through Okta.
              </>
            }
            disabledReason={
              <>
                Needs a validated domain: add and verify one under{" "}
                <Link href="/security/domains" className="font-medium underline">
                  Domains
                </Link>
                .
              </>
            }
          />
          <InlineFeedback feedback={feedback} control="uapEnabled" />
        </div>

        <div className="py-4">
          <fieldset>
            <legend id="policy-legend" className="text-sm font-medium text-slate-900">Provisional Member policy</legend>
            <p className="text-sm text-slate-600">
              A Provisional Member has Member access for the review period. This decides what happens when it ends (not
              to be confused with Contributor auto-upgrade above, which starts a review).
            </p>
            <RadioGroup.Root
              className="mt-2 flex flex-col gap-2"
              value={plan.provisionalPolicy}
              disabled={busy("provisionalPolicy")}
              aria-labelledby="policy-legend"
              onValueChange={(value) => {
                const policy = POLICIES.find((p) => p.value === value);
                if (!policy) return;
                save.mutate({
                  control: "provisionalPolicy",
                  change: { provisionalPolicy: policy.value },
                  done: `Provisional Member policy: ${policy.name}. ${policy.explain}`,
                });
              }}
            >
              {POLICIES.map((policy) => (
                <div
                  key={policy.value}
                  className="flex items-start gap-3 rounded-md border border-slate-200 p-3 has-[[data-state=checked]]:border-blue-600 has-[[data-state=checked]]:bg-blue-50"
                >
                  <RadioGroup.Item
                    id={`policy-${policy.value}`}
                    value={policy.value}
                    aria-describedby={`policy-${policy.value}-explain`}
                    className="mt-0.5 flex size-4 shrink-0 cursor-pointer items-center justify-center rounded-full border border-slate-500 bg-white data-[state=checked]:border-blue-700"
                  >
                    <RadioGroup.Indicator className="size-2 rounded-full bg-blue-700" />
                  </RadioGroup.Item>
                  <div className="text-sm">
                    <label htmlFor={`policy-${policy.value}`} className="cursor-pointer font-medium text-slate-900">
                      {policy.label}
                    </label>
                    <p id={`policy-${policy.value}-explain`} className="text-slate-600">
                      {policy.explain}
                    </p>
                  </div>
                </div>
              ))}
            </RadioGroup.Root>
          </fieldset>
          <InlineFeedback feedback={feedback} control="provisionalPolicy" />
        </div>

        <div className="py-4 last:pb-0">
          <form onSubmit={saveDays} noValidate className="flex flex-wrap items-start gap-2">
            <Field
              id="review-days"
              label="Review period (days)"
              hint="1 to 365. Applies to review periods that start after the change."
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              step={1}
              value={daysValue}
              onChange={(event) => {
                setDays(event.target.value);
                if (daysError) setDaysError(undefined);
              }}
              error={daysError && plainMessage(daysError)}
              className="w-full max-w-sm"
            />
            <Button
              type="submit"
              variant="secondary"
              className="mt-6"
              disabled={busy("reviewDays") || daysValue === String(plan.reviewDays)}
            >
              {busy("reviewDays") ? "Saving…" : "Save review period"}
            </Button>
          </form>
          <InlineFeedback feedback={feedback} control="reviewDays" />
        </div>
      </div>
    </Card>
  );
}
