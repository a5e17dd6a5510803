import Link from "next/link";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import { SeatChangePreview } from "@/components/seats/seat-change-preview";

/**
 * What a re-evaluation will change (a preview) or changed (a result): how many users go
 * up, down or stay, and the first of them by name with from → to and why (docs/product.md §3).
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
  const label = (n: number, will: [string, string], did: string) =>
    `${n === 1 ? "user" : "users"} ${tense === "will" ? will[n === 1 ? 0 : 1] : did}`;
  return (
    <div className="flex flex-col gap-3">
      <SeatChangePreview
        preview={summary}
        look="cards"
        labels={{
          up: label(summary.upgrades, ["goes up", "go up"], "went up"),
          down: label(summary.downgrades, ["goes down", "go down"], "went down"),
          same: label(summary.unchanged, ["stays the same", "stay the same"], "stayed the same"),
        }}
        caption={caption}
        empty={
          <p className="text-sm text-slate-700">
            {tense === "will"
              ? "No seat changes: every active user already holds the seat their roles and mapped groups give."
              : "No seat changed: every active user already held the seat their roles and mapped groups give."}
          </p>
        }
        more={(count) => (
          <>
            …and {count} more. {tense === "will" ? "Each change will be" : "Each change is"} recorded, with its reason, in{" "}
            <Link href="/activity" className="text-blue-700 hover:underline">
              Activity
            </Link>
            .
          </>
        )}
      />
    </div>
  );
}
