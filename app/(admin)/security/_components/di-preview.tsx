"use client";

import Link from "next/link";
import { Tabs } from "radix-ui";
import { clsx } from "clsx";
import { Button } from "@/components/ui/button";
import type { DirectoryIntegrationPreview } from "@/lib/directory/preview-directory-integration";

const number = new Intl.NumberFormat("en");

export type Direction = "down" | "up";
export const PREVIEW_PAGE_SIZE = 20;
export const PREVIEW_EXPORT_URL = "/api/directory-integration/preview/export";

const TABS: Record<Direction, { tab: string; caption: string; empty: string }> = {
  down: {
    tab: "Going down",
    caption: "Seats going down: paid seats removed",
    empty: "No seat goes down: nobody loses a paid seat.",
  },
  up: { tab: "Going up", caption: "Seats going up", empty: "No seat goes up." },
};

/**
 * What a re-evaluation will change, for any number of users: the counts of everyone, then one
 * direction at a time (downgrades, the paid seats removed, first), one page at a time from
 * the server, and every change as a CSV download.
 */
export function DiPreviewChanges({
  preview,
  direction,
  onDirection,
  onPage,
  loading,
}: {
  preview: DirectoryIntegrationPreview;
  direction: Direction;
  onDirection: (direction: Direction) => void;
  onPage: (page: number) => void;
  loading: boolean;
}) {
  const counts: { key: string; value: number; label: string; className: string }[] = [
    {
      key: "down",
      value: preview.downgrades,
      label: `${preview.downgrades === 1 ? "user goes" : "users go"} down`,
      className: "border-amber-200 bg-amber-50",
    },
    {
      key: "up",
      value: preview.upgrades,
      label: `${preview.upgrades === 1 ? "user goes" : "users go"} up`,
      className: "border-emerald-200 bg-emerald-50",
    },
    {
      key: "same",
      value: preview.unchanged,
      label: `${preview.unchanged === 1 ? "user stays" : "users stay"} the same`,
      className: "border-slate-200 bg-slate-50",
    },
  ];
  const total = preview.upgrades + preview.downgrades;
  const first = (preview.page - 1) * preview.pageSize + 1;
  const last = first + preview.changes.length - 1;

  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-3 gap-2" data-testid="reevaluation-counts">
        {counts.map((count) => (
          <div key={count.key} className={clsx("flex min-w-0 flex-col rounded-md border px-3 py-2", count.className)}>
            <span className="text-xl font-semibold text-slate-900">{number.format(count.value)}</span>
            <span className="text-xs text-slate-700">{count.label}</span>
          </div>
        ))}
      </div>

      {total === 0 ? (
        <p className="text-sm text-slate-700">
          No seat changes: every active user already holds the seat their roles and mapped groups give.
        </p>
      ) : (
        <>
          <Tabs.Root value={direction} onValueChange={(value) => onDirection(value as Direction)}>
            <div className="flex flex-wrap items-end justify-between gap-2 border-b border-slate-200">
              <Tabs.List aria-label="Seat changes by direction" className="flex gap-1">
                {(["down", "up"] as const).map((d) => (
                  <Tabs.Trigger
                    key={d}
                    value={d}
                    className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-slate-700 hover:text-slate-900 data-[state=active]:border-blue-700 data-[state=active]:text-blue-800"
                  >
                    {TABS[d].tab} ({number.format(d === "down" ? preview.downgrades : preview.upgrades)})
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
              <a
                href={PREVIEW_EXPORT_URL}
                download
                className="mb-1.5 text-sm font-medium text-blue-700 underline-offset-2 hover:underline"
              >
                Download all {number.format(total)} changes (CSV)
              </a>
            </div>
            {(["down", "up"] as const).map((d) => (
              <Tabs.Content key={d} value={d} className="pt-3 focus-visible:outline-2 focus-visible:outline-blue-700">
                {preview.direction !== d ? null : preview.changes.length === 0 ? (
                  <p className="text-sm text-slate-700">{TABS[d].empty}</p>
                ) : (
                  <div className="flex flex-col gap-2" aria-busy={loading}>
                    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
                      <table className={clsx("w-full text-left text-sm", loading && "opacity-60")}>
                        <caption className="sr-only">{TABS[d].caption}</caption>
                        <thead className="bg-slate-50 text-slate-600">
                          <tr>
                            <th scope="col" className="px-3 py-2 font-medium">User</th>
                            <th scope="col" className="px-3 py-2 font-medium">Seat</th>
                            <th scope="col" className="px-3 py-2 font-medium">Why</th>
                          </tr>
                        </thead>
                        <tbody className="divide-y divide-slate-100">
                          {preview.changes.map((change) => (
                            <tr key={change.userId} className="align-top">
                              <th scope="row" className="min-w-40 px-3 py-2 font-normal">
                                <Link href={`/users/${change.userId}`} className="font-medium break-words text-blue-700 hover:underline">
                                  {change.displayName ?? change.userName}
                                </Link>
                                {change.displayName && <div className="text-xs break-all text-slate-600">{change.userName}</div>}
                              </th>
                              <td className="px-3 py-2 whitespace-nowrap">
                                {change.from} → <strong>{change.to}</strong>
                              </td>
                              <td className="px-3 py-2 text-slate-700">{change.reason}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    <nav aria-label={`Pages of ${TABS[d].tab.toLowerCase()}`} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                      <span className="text-slate-600" aria-live="polite">
                        {number.format(first)}–{number.format(last)} of {number.format(preview.matching)} · page{" "}
                        {number.format(preview.page)} of {number.format(preview.pages)}
                      </span>
                      {preview.pages > 1 && (
                        <span className="flex gap-2">
                          <Button size="sm" variant="secondary" disabled={loading || preview.page <= 1} onClick={() => onPage(preview.page - 1)}>
                            Previous page
                          </Button>
                          <Button size="sm" variant="secondary" disabled={loading || preview.page >= preview.pages} onClick={() => onPage(preview.page + 1)}>
                            Next page
                          </Button>
                        </span>
                      )}
                    </nav>
                  </div>
                )}
              </Tabs.Content>
            ))}
          </Tabs.Root>
          <p className="text-xs text-slate-600">
            Each change is recorded, with its reason, in{" "}
            <Link href="/activity" className="text-blue-700 hover:underline">
              Activity
            </Link>
            .
          </p>
        </>
      )}
    </div>
  );
}
