"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { planBulkJobAction, startBulkJobAction } from "@/app/(admin)/users/actions";
import { unwrapResult } from "@/lib/action-result";
import type { BulkJobPlan } from "@/lib/directory/plan-bulk-job";
import type { BulkAction } from "@/lib/directory/run-bulk-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { BULK_ACTION_EXPLANATIONS, BULK_ACTION_LABELS } from "./bulk-action-dialog";
import { BulkJobOutcome, BulkJobProgressBar, BulkRefusalList, useBulkJob } from "./bulk-job-progress";
import { formatNumber, plural } from "./format";

const ALREADY: Record<BulkAction, string> = {
  Contributor: "already Contributors",
  "No Access": "already No Access",
  deactivate: "already deactivated",
};

function PlanSummary({ plan, action }: { plan: BulkJobPlan; action: BulkAction }) {
  const parts = [
    `${plural(plan.changed, "user")} will change`,
    plan.pendingOverride > 0 ? `${formatNumber(plan.pendingOverride)} of them Directory Integration sets back at the next sync` : null,
    plan.unchanged > 0 ? `${formatNumber(plan.unchanged)} ${ALREADY[action]}` : null,
    plan.refused > 0 ? `${formatNumber(plan.refused)} cannot be changed here (see why below)` : null,
  ].filter(Boolean);
  return (
    <Alert tone={plan.refused > 0 || plan.pendingOverride > 0 ? "warn" : "info"}>
      <span className="font-medium">This covers all {plural(plan.total, "user")} matching this filter.</span> {parts.join("; ")}.
      Each user is checked again when the job reaches them.
    </Alert>
  );
}

/**
 * A bulk action over every user the filter matches, as a job: the whole set is checked on the
 * server first (how many change, are already so, are refused and why), the admin confirms the
 * count, then the job runs in the server with a progress bar. Closing the dialog leaves it
 * running; the Users screen shows it (onClose passes its id).
 */
export function BulkJobDialog({
  action,
  filters,
  onClose,
}: {
  action: BulkAction | null;
  /** The Users page's query string of the filter (page left out). */
  filters: string;
  /** `started`: a job was started here; `runningJobId`: it still runs (the screen follows it). */
  onClose: (result: { started: boolean; runningJobId: string | null }) => void;
}) {
  const open = action !== null;
  const plan = useQuery({
    queryKey: ["users", "bulk-job-plan", action, filters],
    enabled: open,
    staleTime: 0,
    gcTime: 0,
    queryFn: async () => {
      if (!action) throw new Error("Choose what to do with the users.");
      return unwrapResult(await planBulkJobAction({ action, filters }));
    },
  });
  const start = useMutation({
    mutationFn: async (expectedTotal: number) => {
      if (!action) throw new Error("Choose what to do with the users.");
      return unwrapResult(await startBulkJobAction({ action, filters, expectedTotal }));
    },
  });
  const jobId = start.data?.jobId ?? null;
  const job = useBulkJob(jobId);

  const running = job.data?.status === "running" || (jobId !== null && !job.data);
  const close = () => {
    const result = { started: jobId !== null, runningJobId: running ? jobId : null };
    start.reset();
    onClose(result);
  };
  if (!action) return null;
  const labels = BULK_ACTION_LABELS[action];
  const ended = job.data && job.data.status !== "running";

  return (
    <Dialog open={open} onOpenChange={(next) => !next && !start.isPending && close()}>
      <DialogContent
        title={labels.titleAll}
        description={BULK_ACTION_EXPLANATIONS[action]}
        size="lg"
        preventDismiss={start.isPending}
        hideClose={start.isPending}
      >
        {plan.isFetching && <p role="status">Checking every user that matches this filter…</p>}
        {plan.isError && <Alert tone="error">{plan.error.message}</Alert>}
        {start.isError && (
          <div className="flex flex-col items-start gap-2">
            <Alert tone="error">{start.error.message}</Alert>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                start.reset();
                void plan.refetch();
              }}
            >
              Check again
            </Button>
          </div>
        )}
        {job.isError && <Alert tone="error">{job.error.message}</Alert>}
        {plan.data && !jobId && (
          <>
            <PlanSummary plan={plan.data} action={action} />
            <BulkRefusalList refusals={plan.data.refusals} refused={plan.data.refused} applied={false} />
          </>
        )}
        {job.data && (
          <div className="flex flex-col gap-3">
            {job.data.status === "running" && (
              <p role="status" className="text-sm text-slate-700">
                Working through {plural(job.data.total, "user")}. You may close this window: the job goes on, and the Users
                page shows its progress.
              </p>
            )}
            <BulkJobProgressBar job={job.data} label={`${labels.button}: progress`} />
            {ended && <BulkJobOutcome job={job.data} />}
          </div>
        )}
        <DialogFooter>
          {jobId ? (
            <Button onClick={close}>{running ? "Close (the job goes on)" : "Done"}</Button>
          ) : (
            <>
              <DialogClose asChild>
                <Button variant="secondary" disabled={start.isPending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button
                className={action === "deactivate" ? "bg-red-700 hover:bg-red-800 disabled:bg-red-300" : undefined}
                disabled={!plan.data || plan.data.changed === 0 || start.isPending}
                onClick={() => plan.data && start.mutate(plan.data.total)}
              >
                {start.isPending ? "Starting…" : `${labels.verb} ${plural(plan.data?.changed ?? 0, "user")}`}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
