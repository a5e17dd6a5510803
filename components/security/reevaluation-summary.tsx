import { clsx } from "clsx";
import Link from "next/link";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";

const number = new Intl.NumberFormat("en");

function Count({ value, label, tone }: { value: number; label: string; tone: "up" | "down" | "same" }) {
  return (
    <div
      className={clsx(
        "flex flex-col rounded-md border px-3 py-2",
        tone === "up" && "border-emerald-200 bg-emerald-50",
        tone === "down" && "border-amber-200 bg-amber-50",
        tone === "same" && "border-slate-200 bg-slate-50",
      )}
    >
      <span className="text-xl font-semibold text-slate-900">{number.format(value)}</span>
      <span className="text-xs text-slate-700">{label}</span>
    </div>
  );
}

/**
 * What a re-evaluation will change (a preview) or changed (a result): how many users go
 * up, down or stay, and the first of them by name with from → to and why (SPEC §3).
 */
export function ReevaluationSummary({
  summary,
  tense,
  caption,
}: {
  summary: ReevaluationPreview;
  tense: "will" | "did";
  caption: string;
}) {
  const total = summary.upgrades + summary.downgrades;
  const more = total - summary.changes.length;
  const label = (n: number, will: [string, string], did: string) =>
    `${n === 1 ? "user" : "users"} ${tense === "will" ? will[n === 1 ? 0 : 1] : did}`;
  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-3 gap-2" data-testid="reevaluation-counts">
        <Count value={summary.upgrades} label={label(summary.upgrades, ["goes up", "go up"], "went up")} tone="up" />
        <Count value={summary.downgrades} label={label(summary.downgrades, ["goes down", "go down"], "went down")} tone="down" />
        <Count value={summary.unchanged} label={label(summary.unchanged, ["stays the same", "stay the same"], "stayed the same")} tone="same" />
      </div>
      {total === 0 ? (
        <p className="text-sm text-slate-700">
          {tense === "will"
            ? "No seat changes: every active user already holds the seat their roles and mapped groups give."
            : "No seat changed: every active user already held the seat their roles and mapped groups give."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  User
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Seat
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Why
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {summary.changes.map((change) => (
                <tr key={change.userId} className="align-top">
                  <th scope="row" className="px-3 py-2 font-normal">
                    <Link href={`/users/${change.userId}`} className="font-medium text-blue-700 hover:underline">
                      {change.displayName ?? change.userName}
                    </Link>
                    {change.displayName && <div className="text-xs break-all text-slate-600">{change.userName}</div>}
                  </th>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {change.from} <span aria-hidden="true">→</span>
                    <span className="sr-only"> to </span> <strong className="font-semibold">{change.to}</strong>
                  </td>
                  <td className="px-3 py-2 text-slate-700">{change.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more > 0 && (
            <p className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
              …and {number.format(more)} more. {tense === "will" ? "Each change will be" : "Each change is"} recorded, with its
              reason, in{" "}
              <Link href="/activity" className="text-blue-700 hover:underline">
                Activity
              </Link>
              .
            </p>
          )}
        </div>
      )}
    </div>
  );
}
