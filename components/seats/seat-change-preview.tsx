import Link from "next/link";
import type { ReactNode } from "react";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import { EmailText } from "@/components/activity/activity-parts";

const number = new Intl.NumberFormat("en");

type Tone = "up" | "down" | "same";

/**
 * The two places that show a `ReevaluationPreview` keep their own look: "pills" is the compact
 * form inside the group-mapping dialogs, "cards" the larger form of the DI dialogs and results.
 * Only the classes and the user cell differ; structure and data handling are shared here.
 */
const looks = {
  pills: {
    counts: "flex flex-wrap gap-2 text-sm",
    count: {
      up: "rounded-full bg-emerald-50 px-2.5 py-0.5 font-medium text-emerald-900 ring-1 ring-emerald-600/30 ring-inset",
      down: "rounded-full bg-amber-50 px-2.5 py-0.5 font-medium text-amber-900 ring-1 ring-amber-600/30 ring-inset",
      same: "rounded-full bg-white px-2.5 py-0.5 font-medium text-slate-700 ring-1 ring-slate-400/40 ring-inset",
    },
    wrapper: "overflow-x-auto",
    thead: "text-slate-600",
    th: ["py-1 pr-3 font-medium", "py-1 pr-3 font-medium", "py-1 font-medium"],
    tbody: "divide-y divide-slate-200",
    user: "min-w-40 py-1.5 pr-3 font-medium text-slate-900",
    seat: "py-1.5 pr-3 whitespace-nowrap",
    why: "py-1.5 text-slate-700",
    more: "mt-1 text-sm text-slate-600",
  },
  cards: {
    counts: "grid grid-cols-3 gap-2",
    count: {
      up: "flex flex-col rounded-md border px-3 py-2 border-emerald-200 bg-emerald-50",
      down: "flex flex-col rounded-md border px-3 py-2 border-amber-200 bg-amber-50",
      same: "flex flex-col rounded-md border px-3 py-2 border-slate-200 bg-slate-50",
    },
    wrapper: "overflow-x-auto rounded-md border border-slate-200 bg-white",
    thead: "bg-slate-50 text-slate-600",
    th: ["px-3 py-2 font-medium", "px-3 py-2 font-medium", "px-3 py-2 font-medium"],
    tbody: "divide-y divide-slate-100",
    user: "px-3 py-2 font-normal",
    seat: "px-3 py-2 whitespace-nowrap",
    why: "px-3 py-2 text-slate-700",
    more: "border-t border-slate-200 px-3 py-2 text-xs text-slate-600",
  },
} as const;

export interface SeatChangePreviewProps {
  preview: ReevaluationPreview;
  look: keyof typeof looks;
  /** The label after each count, e.g. "go up" or "users went up"; chosen by the caller's wording. */
  labels: Record<Tone, string>;
  /** The accessible name of the table of changes. */
  caption: string;
  /** Shown instead of the table when no seat changes (nothing when null). */
  empty: ReactNode;
  /** The note under the table when only the first changes are listed. */
  more: (count: string) => ReactNode;
  /** Between the counts and the table (e.g. why nothing applies yet). */
  children?: ReactNode;
}

/** How many users go up, down or stay, then the first of them with from → to and why (docs/product.md §3). */
export function SeatChangePreview({ preview, look, labels, caption, empty, more, children }: SeatChangePreviewProps) {
  const style = looks[look];
  const hidden = preview.upgrades + preview.downgrades - preview.changes.length;
  const counts: [Tone, number][] = [
    ["up", preview.upgrades],
    ["down", preview.downgrades],
    ["same", preview.unchanged],
  ];
  return (
    <>
      {look === "pills" ? (
        <ul className={style.counts}>
          {counts.map(([tone, value]) => (
            <li key={tone} className={style.count[tone]}>
              {tone === "up" && <span aria-hidden="true">▲ </span>}
              {tone === "down" && <span aria-hidden="true">▼ </span>}
              {number.format(value)} {labels[tone]}
            </li>
          ))}
        </ul>
      ) : (
        <div className={style.counts} data-testid="reevaluation-counts">
          {counts.map(([tone, value]) => (
            <div key={tone} className={style.count[tone]}>
              <span className="text-xl font-semibold text-slate-900">{number.format(value)}</span>
              <span className="text-xs text-slate-700">{labels[tone]}</span>
            </div>
          ))}
        </div>
      )}
      {children}
      {preview.changes.length > 0 ? (
        <div className={style.wrapper}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className={style.thead}>
              <tr>
                {(["User", "Seat", "Why"] as const).map((heading, i) => (
                  <th key={heading} scope="col" className={style.th[i]}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className={style.tbody}>
              {preview.changes.map((change) => (
                <tr key={change.userId} className="align-top">
                  <th scope="row" className={style.user}>
                    {look === "pills" ? (
                      change.displayName ? (
                        <>
                          {change.displayName}
                          <span className="block text-xs font-normal text-slate-600">
                            <EmailText value={change.userName} />
                          </span>
                        </>
                      ) : (
                        <EmailText value={change.userName} />
                      )
                    ) : (
                      <>
                        <Link href={`/users/${change.userId}`} className="font-medium text-blue-700 hover:underline">
                          {change.displayName ?? change.userName}
                        </Link>
                        {change.displayName && <div className="text-xs break-all text-slate-600">{change.userName}</div>}
                      </>
                    )}
                  </th>
                  <td className={style.seat}>
                    {look === "pills" ? (
                      <>
                        {change.from} → <strong>{change.to}</strong>
                      </>
                    ) : (
                      <>
                        {change.from} <span aria-hidden="true">→</span>
                        <span className="sr-only"> to </span> <strong className="font-semibold">{change.to}</strong>
                      </>
                    )}
                  </td>
                  <td className={style.why}>{change.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {hidden > 0 && <p className={style.more}>{more(number.format(hidden))}</p>}
        </div>
      ) : (
        empty
      )}
    </>
  );
}
