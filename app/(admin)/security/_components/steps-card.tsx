import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

/** Set-up steps in the IdP's console, numbered, in one card (SCIM and SSO instructions alike). */
export function StepsCard({ id, title, description, steps }: { id: string; title: string; description: string; steps: ReactNode[] }) {
  return (
    <Card id={id} title={title} description={description}>
      <ol className="flex list-decimal flex-col gap-3 pl-6 text-sm text-slate-800 marker:font-medium marker:text-slate-500">
        {steps.map((step, index) => (
          <li key={index} className="pl-1">
            {step}
          </li>
        ))}
      </ol>
    </Card>
  );
}
