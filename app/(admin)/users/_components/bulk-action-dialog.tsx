"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { applyBulkAction, planBulkAction } from "@/app/(admin)/users/actions";
import { unwrapResult } from "@/lib/action-result";
import type { BulkAction } from "@/lib/directory/run-bulk-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import type { BulkOutcome, BulkUserResult } from "@/lib/directory/change-users-in-bulk";
import { plural } from "./format";

export const BULK_ACTION_LABELS: Record<BulkAction, { button: string; verb: string; title: string; titleAll: string }> = {
  Contributor: {
    button: "Set Contributor",
    verb: "Set Contributor for",
    title: "Set the selected users to Contributor",
    titleAll: "Set every matching user to Contributor",
  },
  "No Access": {
    button: "Set No Access",
    verb: "Set No Access for",
    title: "Set the selected users to No Access",
    titleAll: "Set every matching user to No Access",
  },
  deactivate: { button: "Deactivate", verb: "Deactivate", title: "Deactivate the selected users", titleAll: "Deactivate every matching user" },
};

export const BULK_ACTION_EXPLANATIONS: Record<BulkAction, string> = {
  Contributor:
    "Contributors can view and comment; they hold no paid seat. For users whose seat Directory Integration decides, DI sets the seat from their roles again at the next sync.",
  "No Access":
    "No Access users stay known to the plan but cannot open plan content. Only the Admin Center sets or lifts No Access: Directory Integration never changes it.",
  deactivate:
    "Deactivated users cannot sign in, their open sessions end at once and their seat is freed. Items they own stay on the plan. To reactivate a user later while Directory Integration is on, DI must be turned off for a moment.",
};

/** Refusals first (they need the admin's attention), then DI overrides, changes, no-ops. */
function rank(r: BulkUserResult): number {
  if (!r.ok) return 0;
  if (r.unchanged) return 3;
  return r.pendingOverride ? 1 : 2;
}

function ResultLine({ result, applied }: { result: BulkUserResult; applied: boolean }) {
  let icon: string;
  let tone: string;
  let text: string;
  if (!result.ok) {
    icon = "✕";
    tone = "text-red-800";
    text = `${applied ? "Not changed" : "Will not change"}: ${result.error}`;
  } else if (result.unchanged) {
    icon = "=";
    tone = "text-slate-600";
    text = result.to === "deactivated" ? "Already deactivated." : `Already ${result.to}.`;
  } else {
    icon = result.pendingOverride ? "!" : "✓";
    tone = result.pendingOverride ? "text-amber-900" : "text-emerald-800";
    const change = result.to === "deactivated" ? "deactivated" : `${result.from} → ${result.to}`;
    text = `${applied ? "Done" : "Will change"}: ${change}.${result.warning ? ` ${result.warning}` : ""}`;
  }
  return (
    <li className="flex gap-2 py-1.5">
      <span aria-hidden="true" className={clsx("w-4 shrink-0 text-center font-semibold", tone)}>
        {icon}
      </span>
      <span className="min-w-0">
        <span className="font-medium break-all text-slate-900">{result.userName}</span>
        <span className={clsx("block", tone)}>{text}</span>
      </span>
    </li>
  );
}

function Summary({ outcome, applied }: { outcome: BulkOutcome; applied: boolean }) {
  const parts = [
    `${plural(outcome.changed, "user")} ${applied ? "changed" : "will change"}`,
    outcome.pendingOverride > 0 ? `${outcome.pendingOverride} of them ${applied ? "are" : "will be"} replaced by Directory Integration at the next sync` : null,
    outcome.unchanged > 0 ? `${plural(outcome.unchanged, "user")} already in that state` : null,
    outcome.refused > 0 ? `${plural(outcome.refused, "user")} cannot be changed here (see why below)` : null,
  ].filter(Boolean);
  return (
    <Alert tone={outcome.refused > 0 || outcome.pendingOverride > 0 ? "warn" : applied ? "success" : "info"}>
      {parts.join("; ")}.
    </Alert>
  );
}

/**
 * A bulk action in two steps: every selected user is checked first (refusals say where
 * the change is made; DI overrides are warned about), then the admin confirms and each
 * user's result is shown.
 */
export function BulkActionDialog({
  action,
  userIds,
  onClose,
}: {
  action: BulkAction | null;
  userIds: string[];
  /** `changed`: the action ran (the list and counters must be reloaded). */
  onClose: (changed: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const open = action !== null;
  const plan = useQuery({
    queryKey: ["users", "bulk-plan", action, userIds],
    enabled: open,
    staleTime: 0,
    gcTime: 0,
    queryFn: async () => {
      if (!action) throw new Error("Choose what to do with the selected users.");
      return unwrapResult(await planBulkAction({ action, userIds }));
    },
  });
  const apply = useMutation({
    mutationFn: async () => {
      if (!action) throw new Error("Choose what to do with the selected users.");
      return unwrapResult(await applyBulkAction({ action, userIds }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users", "list"] }),
  });

  const close = () => {
    const changed = apply.isSuccess;
    apply.reset();
    onClose(changed);
  };
  if (!action) return null;
  const labels = BULK_ACTION_LABELS[action];
  const outcome = apply.data ?? plan.data;
  const applied = apply.isSuccess;

  return (
    <Dialog open={open} onOpenChange={(next) => !next && !apply.isPending && close()}>
      <DialogContent
        title={labels.title}
        description={BULK_ACTION_EXPLANATIONS[action]}
        size="lg"
        preventDismiss={apply.isPending}
        hideClose={apply.isPending}
      >
        {plan.isPending && <p role="status">Checking {plural(userIds.length, "selected user")}…</p>}
        {plan.isError && <Alert tone="error">{plan.error.message}</Alert>}
        {apply.isError && <Alert tone="error">{apply.error.message}</Alert>}
        {outcome && (
          <>
            <Summary outcome={outcome} applied={applied} />
            <ul aria-label={applied ? "Result for each user" : "What happens to each user"} className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 px-3">
              {[...outcome.results].sort((a, b) => rank(a) - rank(b)).map((r) => (
                <ResultLine key={r.userId} result={r} applied={applied} />
              ))}
            </ul>
          </>
        )}
        <DialogFooter>
          {applied ? (
            <Button onClick={close}>Done</Button>
          ) : (
            <>
              <DialogClose asChild>
                <Button variant="secondary" disabled={apply.isPending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button
                className={action === "deactivate" ? "bg-red-700 hover:bg-red-800 disabled:bg-red-300" : undefined}
                disabled={!plan.data || plan.data.changed === 0 || apply.isPending}
                onClick={() => apply.mutate()}
              >
                {apply.isPending
                  ? "Saving…"
                  : `${labels.verb} ${plural(plan.data?.changed ?? 0, "user")}`}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
