"use client";

import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { fetchResult } from "@/components/ui/fetch-result";
import type { BulkJobView } from "@/lib/directory/get-bulk-job";
import { BULK_ACTION_LABELS } from "./bulk-action-dialog";
import { BulkJobOutcome, BulkJobProgressBar, useBulkJob } from "./bulk-job-progress";
import { formatDateTime } from "./format";

/** The job the server reports as current (running, or interrupted), read once when the screen opens. */
export function useCurrentBulkJob() {
  return useQuery({
    queryKey: ["users", "bulk-job", "current"],
    queryFn: () => fetchResult<BulkJobView | null>("/api/users/bulk-jobs"),
  });
}

/**
 * A bulk job on the Users screen: one that was running when the screen opened, or that the
 * admin left running by closing its dialog. Its progress while it runs, then its outcome
 * until dismissed.
 */
export function BulkJobPanel({ jobId, initial, onDismiss }: { jobId: string; initial?: BulkJobView; onDismiss: () => void }) {
  const job = useBulkJob(jobId, initial);
  const data = job.data;
  if (!data) return null;
  const labels = BULK_ACTION_LABELS[data.action];
  const running = data.status === "running";
  return (
    <section
      aria-labelledby="bulk-job-title"
      className="flex flex-col gap-3 rounded-lg border border-blue-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id="bulk-job-title" className="text-base font-semibold text-slate-900">
            {labels.button} for every user matching {data.filterText}
            {running ? ": running" : ""}
          </h2>
          <p className="text-xs text-slate-600">
            Started by {data.actor} on {formatDateTime(data.createdAt)}. Each user’s change is in the activity log.
          </p>
        </div>
        {!running && (
          <Button variant="ghost" size="sm" onClick={onDismiss}>
            Dismiss
          </Button>
        )}
      </div>
      <BulkJobProgressBar job={data} label={`${labels.button}: progress`} />
      {!running && <BulkJobOutcome job={data} />}
    </section>
  );
}
