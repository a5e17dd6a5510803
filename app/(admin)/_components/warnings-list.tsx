import Link from "next/link";
import type { SsoWarning, Warning } from "@/lib/overview/get-warnings";

const ACTION_TEXT: Record<Warning["key"], string> = {
  "auto-upgrade-with-di": "Review the plan switches",
  "token-expiring": "Rotate the token",
  "scim-errors": "See the failed requests",
  "reactivation-requests": "Review the requests",
  "breaker-tripped": "Review the held changes",
};

/** The Overview's "needs action" list: each warning in words, with a link to where to act. */
export function WarningsList({ warnings }: { warnings: (Warning | SsoWarning)[] }) {
  if (warnings.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-emerald-900">
        <span aria-hidden="true">✓</span>
        Nothing needs your attention: no SCIM errors in the last 24 hours, no token about to expire, no reactivation
        request waiting.
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-2">
      {warnings.map((w, i) => (
        <li
          key={`${w.key}-${i}`}
          data-warning={w.key}
          className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
        >
          <p className="flex min-w-0 flex-1 basis-72 gap-2">
            <span aria-hidden="true" className="font-bold">
              !
            </span>
            <span>
              <span className="sr-only">Warning: </span>
              {w.message}
            </span>
          </p>
          <Link href={w.href} className="font-medium whitespace-nowrap text-blue-800 underline hover:text-blue-900">
            {"action" in w ? w.action : ACTION_TEXT[w.key]} <span aria-hidden="true">→</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
