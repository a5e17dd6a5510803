"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { fetchResult } from "@/components/ui/fetch-result";
import type { BulkJobView } from "@/lib/directory/get-bulk-job";
import { formatNumber, plural } from "./format";

const BAR_TONES: Record<BulkJobView["status"], string> = {
  running: "bg-blue-600",
  done: "bg-emerald-600",
  failed: "bg-red-600",
  interrupted: "bg-amber-500",
};

/** How often a running job's progress is read (one indexed row a poll). */
const POLL_MS = 500;

/**
 * A bulk job's row, polled while it runs. When it stops running, the users list and counters
 * are reloaded once (they show what the job changed).
 */
export function useBulkJob(id: string | null, initial?: BulkJobView) {
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ["users", "bulk-job", id],
    enabled: id !== null,
    queryFn: () => fetchResult<BulkJobView>(`/api/users/bulk-jobs/${encodeURIComponent(id ?? "")}`),
    refetchInterval: (query) => (query.state.data?.status === "running" ? POLL_MS : false),
    ...(initial && initial.id === id ? { initialData: initial } : {}),
  });
  const status = job.data?.status;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (status === "running") wasRunning.current = true;
    else if (status && wasRunning.current) {
      wasRunning.current = false;
      void queryClient.invalidateQueries({ queryKey: ["users", "list"] });
      void queryClient.invalidateQueries({ queryKey: ["users", "bulk-job", "current"] });
    }
  }, [status, queryClient]);
  return job;
}

/** The bar: role="progressbar" with the counts, and the same counts in words beside it. */
export function BulkJobProgressBar({ job, label }: { job: BulkJobView; label: string }) {
  const share = job.total > 0 ? Math.min(100, (job.processed / job.total) * 100) : 100;
  const text = `${formatNumber(job.processed)} of ${formatNumber(job.total)}`;
  return (
    <div className="flex flex-col gap-1.5">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.processed}
        aria-valuetext={`${text} users`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={clsx("h-full rounded-full transition-[width] duration-300", BAR_TONES[job.status])}
          style={{ width: `${share}%` }}
        />
      </div>
      <p className="flex flex-wrap justify-between gap-x-4 text-sm text-slate-700 tabular-nums">
        <span data-testid="bulk-job-count">{text}</span>
        <span>
          {formatNumber(job.changed)} changed · {formatNumber(job.unchanged)} already so · {formatNumber(job.refused)} refused
        </span>
      </p>
    </div>
  );
}

/** The refusals a job kept, each with its reason and a link to the user; the rest are counted. */
export function BulkRefusalList({
  refusals,
  refused,
  applied,
}: {
  refusals: BulkJobView["refusals"];
  refused: number;
  applied: boolean;
}) {
  if (refusals.length === 0) return null;
  const more = refused - refusals.length;
  return (
    <div className="flex flex-col gap-1">
      <h3 className="text-sm font-medium text-slate-900">{applied ? "Not changed" : "Will not change"}</h3>
      <ul aria-label={applied ? "Users not changed" : "Users that will not change"} className="max-h-56 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 px-3 text-sm">
        {refusals.map((r) => (
          <li key={r.userId} className="py-1.5">
            <Link href={`/users/${r.userId}`} className="font-medium break-all text-blue-800 hover:underline">
              {r.name}
            </Link>
            <span className="block text-red-800">{r.reason}</span>
          </li>
        ))}
      </ul>
      {more > 0 && <p className="text-xs text-slate-600">…and {plural(more, "more user")} refused for the same kinds of reasons.</p>}
    </div>
  );
}

/** A job that has stopped: what it did, in one message, then the refusals. */
export function BulkJobOutcome({ job }: { job: BulkJobView }) {
  const counts = `${plural(job.changed, "user")} changed, ${formatNumber(job.unchanged)} already so, ${formatNumber(job.refused)} refused`;
  return (
    <div className="flex flex-col gap-3">
      {job.status === "done" && (
        <Alert tone={job.refused > 0 ? "warn" : "success"}>
          Finished: {counts}
          {job.refused > 0 ? " (see why below)" : ""}.
        </Alert>
      )}
      {job.status === "failed" && (
        <Alert tone="error">
          Stopped after {formatNumber(job.processed)} of {formatNumber(job.total)} users: {job.error}. So far {counts}; those
          changes are kept. Running it again over the same filter is safe: users already so stay unchanged.
        </Alert>
      )}
      {job.status === "interrupted" && (
        <Alert tone="warn">
          Interrupted after {formatNumber(job.processed)} of {formatNumber(job.total)} users: the server stopped while it ran.
          So far {counts}; those changes are kept. Running it again over the same filter is safe: users already so stay
          unchanged.
        </Alert>
      )}
      <BulkRefusalList refusals={job.refusals} refused={job.refused} applied />
    </div>
  );
}
