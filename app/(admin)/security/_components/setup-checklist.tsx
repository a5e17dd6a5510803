"use client";

import Link from "next/link";
import { CHECKLIST_COPY } from "./checklist-copy";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import type { ChecklistKind } from "@/lib/overview/get-setup-checklist";
import type { SecurityState } from "@/lib/security/get-security-state";
import { useSecurityState } from "./security-query";

/** A step not done yet says what it is: only a required one is work still to do. */
const NOT_DONE: Record<ChecklistKind, string> = { required: "To do", recommended: "Recommended", optional: "Optional" };

function Commands({ lines }: { lines: string[] }) {
  return (
    <pre className="mt-1.5 rounded-md bg-slate-100 px-3 py-2 font-mono text-[0.8125rem] leading-6 break-words whitespace-pre-wrap text-slate-800">
      {lines.join("\n")}
    </pre>
  );
}

/** The preparation steps (docs/product.md §3.9) with their live state, each linking to where it is done. */
export function SetupChecklist({ initialState }: { initialState: SecurityState }) {
  const { checklist } = useSecurityState(initialState);
  const complete = checklist.done === checklist.total;
  // Once set up (recommended steps too), the steps fold away: the sub-pages are what an admin comes back for.
  const folded = complete && checklist.recommendedOpen === 0;
  const recommended =
    checklist.recommendedOpen === 0
      ? ""
      : ` ${checklist.recommendedOpen === 1 ? "1 recommended step is" : `${checklist.recommendedOpen} recommended steps are`} not done.`;
  return (
    <Card
      id="checklist"
      title="Setup checklist"
      description={
        complete
          ? `All ${checklist.total} required steps are done: Okta can provision users.${recommended}`
          : `${checklist.done} of ${checklist.total} required steps done.${recommended} Each step shows its live state.`
      }
    >
      {folded && (
        <details className="group">
          <summary className="cursor-pointer text-sm font-medium text-blue-700 hover:underline">
            <span className="group-open:hidden">Show the steps</span>
            <span className="hidden group-open:inline">Hide the steps</span>
          </summary>
          <Steps items={checklist.items} />
        </details>
      )}
      {!folded && <Steps items={checklist.items} />}
    </Card>
  );
}

function Steps({ items }: { items: SecurityState["checklist"]["items"] }) {
  return (
      <ol className="divide-y divide-slate-100">
        {items.map((item, index) => {
          const copy = CHECKLIST_COPY[item.step];
          return (
            <li key={item.step} className="flex flex-col gap-1.5 py-3 sm:flex-row sm:gap-4" data-step={item.step}>
              <div className="w-32 shrink-0">
                {item.done ? (
                  <StatusBadge tone="good">Done</StatusBadge>
                ) : (
                  <StatusBadge tone={item.kind === "required" ? "warn" : "neutral"}>{NOT_DONE[item.kind]}</StatusBadge>
                )}
              </div>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                  <h3 className="text-sm font-semibold text-slate-900">
                    {index + 1}. {copy.title}
                  </h3>
                  {copy.where && (
                    <Link
                      href={copy.where.href}
                      className="text-sm font-medium text-blue-700 underline-offset-2 hover:underline"
                    >
                      {copy.where.label}
                      <span className="sr-only"> ({copy.title})</span>
                    </Link>
                  )}
                </div>
                <p className="mt-0.5 text-sm text-slate-700">{item.detail}</p>
                {!item.done && (
                  <div className="mt-1 text-sm text-slate-600">
                    <p>{copy.how}</p>
                    {copy.commands &&
                      (copy.operatorOnly ? (
                        <Commands lines={copy.commands} />
                      ) : (
                        <details className="mt-1">
                          <summary className="cursor-pointer text-slate-600 hover:text-slate-900">
                            Or with the operator CLI
                          </summary>
                          <Commands lines={copy.commands} />
                        </details>
                      ))}
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
  );
}
