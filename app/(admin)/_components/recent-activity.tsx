import { clsx } from "clsx";
import { EntryBy, EntryEvent, EntryUser } from "@/components/activity/activity-parts";
import type { ActivityEntryView } from "@/components/activity/activity-types";
import { isFailed } from "@/components/activity/describe-activity";
import { LocalTime } from "@/components/activity/local-time";

/** The last entries of the activity log, in the Activity page's words. */
export function RecentActivity({ entries }: { entries: ActivityEntryView[] }) {
  if (entries.length === 0) {
    return <p className="text-sm text-slate-700">Nothing recorded yet.</p>;
  }
  return (
    <ol className="divide-y divide-slate-100">
      {entries.map((entry) => {
        const failed = isFailed(entry);
        return (
          <li
            key={entry.id}
            data-failed={failed ? "true" : undefined}
            className={clsx(
              "grid gap-x-4 gap-y-1 border-l-4 py-2 pl-3 text-sm md:grid-cols-[11rem_minmax(0,1fr)_14rem]",
              failed ? "border-l-red-600 bg-red-50" : "border-l-transparent",
            )}
          >
            <span className="text-slate-600">
              <LocalTime at={entry.at} />
            </span>
            <div className="flex min-w-0 flex-col gap-1">
              <EntryEvent entry={entry} compact withStatus />
            </div>
            <div className="flex min-w-0 flex-col gap-0.5">
              {entry.userId && <EntryUser entry={entry} />}
              <EntryBy entry={entry} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
