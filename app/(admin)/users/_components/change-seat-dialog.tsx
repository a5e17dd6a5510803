"use client";

import { useMutation, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { setUserSeatAction } from "@/app/(admin)/users/actions";
import { SEAT_DESCRIPTIONS } from "@/components/seats/seat-descriptions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { fetchResult } from "@/components/ui/fetch-result";
import type { SeatType } from "@/db/schema";
import { unwrapResult } from "@/lib/action-result";
import type { SeatPlanSummary } from "@/lib/directory/change-user-seat";
import type { SeatOption } from "@/lib/directory/list-seat-options";

function PlanPreview({ plan, diEnabled }: { plan: UseQueryResult<SeatPlanSummary>; diEnabled: boolean }) {
  if (plan.isPending) return <p role="status">Checking what this change does…</p>;
  if (plan.isError) return <Alert tone="error">{plan.error.message}</Alert>;
  const p = plan.data;
  if (p.pendingOverride) {
    return (
      <Alert tone="warn">
        <p className="font-medium">{p.warning}</p>
        <p className="mt-1">
          What DI would set: <strong>{p.diSeat}</strong>. The next SCIM write that touches this user (any attribute change,
          or a group change) sets it. To keep {p.to} for good, change the user&apos;s roles or groups in the identity
          provider instead.
        </p>
      </Alert>
    );
  }
  if (!diEnabled) {
    return (
      <Alert tone="info">
        Directory Integration is off, so this change stays. When DI is turned on, its re-evaluation sets Members and
        Contributors from the identity provider&apos;s roles again (Guests and No Access users stay as they are).
      </Alert>
    );
  }
  return (
    <Alert tone="info">
      {p.to === "Guest" || p.to === "No Access"
        ? `Directory Integration leaves ${p.to} users alone: this change stays until an admin changes it.`
        : `This matches what Directory Integration sets from the user's roles (${p.diSeat ?? p.to}): the change stays.`}
    </Alert>
  );
}

/**
 * Change seat (docs/product.md §3): only the transitions the Admin Center makes can be chosen; the
 * others are listed with where they are made. For a DI-managed user, DI's warning and
 * the seat DI would set are shown, and saving needs an explicit confirmation.
 */
export function ChangeSeatDialog({
  userId,
  userName,
  current,
  options,
  diEnabled,
}: {
  userId: string;
  userName: string;
  current: SeatType;
  options: SeatOption[];
  diEnabled: boolean;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [seat, setSeat] = useState<SeatType | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const allowed = options.filter((o) => o.allowed);
  const elsewhere = options.filter((o) => !o.allowed);

  const plan = useQuery({
    queryKey: ["users", "seat-plan", userId, seat],
    enabled: seat !== null,
    staleTime: 0,
    gcTime: 0,
    queryFn: () => fetchResult<SeatPlanSummary>("/api/users/seat-plan", { userId, seat }),
  });
  const needsConfirm = plan.data?.pendingOverride === true;

  const save = useMutation({
    mutationFn: async () => {
      if (!seat) throw new Error("Choose a seat.");
      return unwrapResult(await setUserSeatAction({ userId, seat, confirmOverride: confirmed }));
    },
    onSuccess: () => {
      setOpen(false);
      setSeat(null);
      setConfirmed(false);
      void queryClient.invalidateQueries({ queryKey: ["users", "list"] });
      void queryClient.invalidateQueries({ queryKey: ["users", "history", userId] });
      router.refresh();
    },
  });

  const reset = () => {
    setSeat(null);
    setConfirmed(false);
    save.reset();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (save.isPending) return;
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>Change seat</Button>
      </DialogTrigger>
      <DialogContent
        title={`Change the seat of ${userName}`}
        description={`Currently ${current}. Choose the new seat; you see what Directory Integration will do before anything is saved.`}
        size="lg"
        preventDismiss={save.isPending}
      >
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 font-medium text-slate-900">New seat</legend>
          {allowed.length === 0 && <p>No seat change can be made here for this user.</p>}
          {allowed.map((o) => (
            <label
              key={o.seat}
              className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 px-3 py-2 has-[:checked]:border-blue-600 has-[:checked]:bg-blue-50"
            >
              <input
                type="radio"
                name={`${id}-seat`}
                value={o.seat}
                checked={seat === o.seat}
                onChange={() => {
                  setSeat(o.seat);
                  setConfirmed(false);
                  save.reset();
                }}
                className="mt-1 accent-blue-700"
              />
              <span>
                <span className="font-medium text-slate-900">{o.seat}</span>
                <span className="block text-slate-600">{SEAT_DESCRIPTIONS[o.seat]}</span>
              </span>
            </label>
          ))}
        </fieldset>

        {elsewhere.length > 0 && (
          <section aria-labelledby={`${id}-elsewhere`} className="rounded-md bg-slate-50 px-3 py-2">
            <h3 id={`${id}-elsewhere`} className="font-medium text-slate-900">
              Not made here
            </h3>
            <p className="text-slate-600">These changes cannot be chosen for this user, and this is where they are made:</p>
            <ul className="mt-1 flex flex-col gap-2">
              {elsewhere.map((o) => (
                <li key={o.seat} data-seat={o.seat}>
                  <span className="font-medium text-slate-900">
                    {current} → {o.seat}
                  </span>{" "}
                  <span className="text-slate-600">({o.where})</span>
                  <span className="block text-slate-700">{o.explanation}</span>
                </li>
              ))}
            </ul>
          </section>
        )}

        {seat && <PlanPreview plan={plan} diEnabled={diEnabled} />}

        {needsConfirm && (
          <label className="flex items-start gap-2 rounded-md border border-amber-300 px-3 py-2">
            <input
              type="checkbox"
              checked={confirmed}
              onChange={(e) => setConfirmed(e.target.checked)}
              className="mt-0.5 size-4 accent-amber-700"
            />
            <span>I understand that Directory Integration will replace this change at the next sync. Save it anyway.</span>
          </label>
        )}

        {save.isError && <Alert tone="error">{save.error.message}</Alert>}

        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary" disabled={save.isPending}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            disabled={!seat || !plan.isSuccess || (needsConfirm && !confirmed) || save.isPending}
            onClick={() => save.mutate()}
          >
            {save.isPending ? "Saving…" : needsConfirm ? "Save anyway" : "Save seat"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
