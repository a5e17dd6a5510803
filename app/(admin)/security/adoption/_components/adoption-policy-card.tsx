"use client";

import { RadioGroup } from "radix-ui";
import { useState } from "react";
import { setAdoptionPolicyAction } from "@/app/(admin)/security/adoption/actions";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import type { AdoptionPolicy } from "@/db/schema";

const POLICIES: { value: AdoptionPolicy; label: string; explain: string }[] = [
  {
    value: "automatic",
    label: "Automatic (default)",
    explain:
      "When the identity provider creates or updates someone already on the plan, they are linked to it at once: its attributes and externalId apply, Directory Integration sets the seat, and they keep their history, sessions and items.",
  },
  {
    value: "admin-approval",
    label: "Admin approval",
    explain:
      "Each such link waits below until you approve or refuse it. Meanwhile the identity provider gets a 409 that says so: Okta lists it under Dashboard › Tasks, Entra ID retries on its own.",
  },
  {
    value: "refuse",
    label: "Refuse",
    explain:
      "The identity provider may not create, change or take over anyone it did not provision: its requests for them get a 409 naming this setting.",
  },
];

/** The plan's adoption setting (plan.adoption_policy), saved as soon as it is chosen. */
export function AdoptionPolicyCard({ policy }: { policy: AdoptionPolicy }) {
  const [done, setDone] = useState<string | null>(null);
  const save = useActionMutation({
    action: setAdoptionPolicyAction,
    refresh: true,
    onSuccess: (saved) => setDone(`Adoption is ${POLICIES.find((p) => p.value === saved)?.label.toLowerCase() ?? saved} now.`),
  });
  return (
    <Card
      id="adoption-policy"
      title="People who were on the plan before SCIM"
      description="People who joined by user auto-provisioning (UAP) or were added by a System Admin, on a validated domain. Guests are never linked (they are external), nor is anyone whose address is not on a validated domain."
    >
      <fieldset>
        <legend id="adoption-legend" className="text-sm font-medium text-slate-900">
          When the identity provider creates or updates one of them
        </legend>
        <RadioGroup.Root
          className="mt-2 flex flex-col gap-2"
          value={policy}
          disabled={save.isPending}
          aria-labelledby="adoption-legend"
          onValueChange={(value) => {
            setDone(null);
            save.mutate({ adoptionPolicy: value as AdoptionPolicy });
          }}
        >
          {POLICIES.map((p) => (
            <div
              key={p.value}
              className="flex items-start gap-3 rounded-md border border-slate-200 p-3 has-[[data-state=checked]]:border-blue-600 has-[[data-state=checked]]:bg-blue-50"
            >
              <RadioGroup.Item
                id={`adoption-${p.value}`}
                value={p.value}
                aria-describedby={`adoption-${p.value}-explain`}
                className="mt-0.5 flex size-4 shrink-0 cursor-pointer items-center justify-center rounded-full border border-slate-500 bg-white data-[state=checked]:border-blue-700"
              >
                <RadioGroup.Indicator className="size-2 rounded-full bg-blue-700" />
              </RadioGroup.Item>
              <div className="text-sm">
                <label htmlFor={`adoption-${p.value}`} className="cursor-pointer font-medium text-slate-900">
                  {p.label}
                </label>
                <p id={`adoption-${p.value}-explain`} className="text-slate-600">
                  {p.explain}
                </p>
              </div>
            </div>
          ))}
        </RadioGroup.Root>
      </fieldset>
      <div aria-live="polite">
        {done && <Alert tone="success" className="mt-3">{done}</Alert>}
        {save.error && <Alert tone="error" className="mt-3">{save.error.message}</Alert>}
      </div>
    </Card>
  );
}
