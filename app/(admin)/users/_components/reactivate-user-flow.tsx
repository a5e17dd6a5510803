"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { turnOffDirectoryIntegrationAction, turnOnDirectoryIntegrationAction } from "@/app/(admin)/security/actions";
import { reactivateUserAction } from "@/app/(admin)/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { fetchResult } from "@/components/ui/fetch-result";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import type { SeatType } from "@/db/schema";
import { unwrapResult } from "@/lib/action-result";
import type { DirectoryIntegrationPreview } from "@/lib/directory/preview-directory-integration";
import { plural } from "./format";

interface FlowProps {
  userId: string;
  userName: string;
  seat: SeatType;
  diEnabled: boolean;
}

/** docs/product.md §3: reactivation is an admin's act, with DI off. While DI is on, a guided sequence. */
export function ReactivateUserFlow(props: FlowProps) {
  if (!props.diEnabled) return <PlainReactivate {...props} />;
  return <GuidedReactivate {...props} />;
}

function PlainReactivate({ userId, userName, seat }: FlowProps) {
  const [open, setOpen] = useState(false);
  const reactivate = useActionMutation({
    action: () => reactivateUserAction({ userId }),
    invalidate: ["users"],
    refresh: true,
    onSuccess: () => setOpen(false),
  });
  return (
    <ConfirmActionDialog
      open={open}
      onOpenChange={setOpen}
      trigger={<Button>Reactivate</Button>}
      title={`Reactivate ${userName}?`}
      mutation={reactivate}
      onConfirm={() => reactivate.mutate()}
      tone="primary"
      confirmLabel="Reactivate user"
      pendingLabel="Reactivating…"
    >
      <p>
        They can sign in again and get back the seat they had ({seat}). Directory Integration is off: when it is turned on
        again, its re-evaluation sets their seat from the identity provider&apos;s roles.
      </p>
    </ConfirmActionDialog>
  );
}

type StepKey = "off" | "reactivate" | "on";
type StepStatus = "todo" | "confirming" | "done";

function PreviewSummary({ preview, userId }: { preview: DirectoryIntegrationPreview; userId: string }) {
  return (
    <div className="flex flex-col gap-2">
      <p>
        Turning Directory Integration on re-evaluates every user from the identity provider:{" "}
        <strong>{plural(preview.upgrades, "seat")} up</strong>, <strong>{plural(preview.downgrades, "seat")} down</strong>,{" "}
        {plural(preview.unchanged, "user")} unchanged.
      </p>
      {preview.changes.length > 0 && (
        <ul aria-label="Seats that change" className="rounded-md border border-slate-200 px-3 py-1">
          {preview.changes.map((c) => (
            <li key={c.userId} className={clsx("py-1", c.userId === userId && "font-medium")}>
              <span className="break-all">{c.userName}</span>: {c.from} → {c.to}
              <span className="block text-xs text-slate-600">{c.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Step({
  number,
  title,
  status,
  current,
  children,
}: {
  number: number;
  title: string;
  status: StepStatus;
  current: boolean;
  children: ReactNode;
}) {
  return (
    <li
      aria-current={current ? "step" : undefined}
      className={clsx(
        "rounded-md border px-3 py-2",
        status === "done" ? "border-emerald-300 bg-emerald-50/50" : current ? "border-blue-600" : "border-slate-200 text-slate-500",
      )}
    >
      <h3 className="font-medium text-slate-900">
        Step {number} of 3: {title}{" "}
        <span className={clsx("text-xs font-medium", status === "done" ? "text-emerald-800" : "text-slate-500")}>
          {status === "done" ? "✓ Done" : current ? "· Now" : "· Waiting"}
        </span>
      </h3>
      <div className="mt-1 flex flex-col gap-2">{children}</div>
    </li>
  );
}

function GuidedReactivate({ userId, userName, seat }: FlowProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Record<StepKey, StepStatus>>({ off: "todo", reactivate: "todo", on: "todo" });
  const [results, setResults] = useState<Partial<Record<StepKey, string>>>({});
  const current: StepKey | null = status.off !== "done" ? "off" : status.reactivate !== "done" ? "reactivate" : status.on !== "done" ? "on" : null;
  const diIsOff = status.off === "done" && status.on !== "done";
  const finished = current === null;

  const mark = (key: StepKey, next: StepStatus, result?: string) => {
    setStatus((s) => ({ ...s, [key]: next }));
    if (result) setResults((r) => ({ ...r, [key]: result }));
  };

  const step = useMutation({
    mutationFn: async (key: StepKey): Promise<string> => {
      if (key === "off") {
        unwrapResult(await turnOffDirectoryIntegrationAction());
        return "Directory Integration is off. SCIM requests are refused (403) until step 3: Okta keeps each refused change as a task an Okta admin retries, and Entra ID retries on its own schedule.";
      }
      if (key === "reactivate") {
        const { seat: restored } = unwrapResult(await reactivateUserAction({ userId }));
        return `${userName} is active again, with the seat they had (${restored}).`;
      }
      const p = unwrapResult(await turnOnDirectoryIntegrationAction());
      return `Directory Integration is on again. Re-evaluated every user: ${p.upgrades} up, ${p.downgrades} down, ${p.unchanged} unchanged.`;
    },
    onSuccess: (result, key) => mark(key, "done", result),
  });

  const preview = useQuery({
    queryKey: ["users", "di-preview", userId],
    enabled: open && current === "on",
    staleTime: 0,
    gcTime: 0,
    queryFn: () => fetchResult<DirectoryIntegrationPreview>("/api/directory-integration/preview", { limit: 10 }),
  });

  const close = () => {
    const changed = status.off === "done";
    setOpen(false);
    setStatus({ off: "todo", reactivate: "todo", on: "todo" });
    setResults({});
    step.reset();
    if (changed) {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      router.refresh();
    }
  };

  const confirmBox = (key: StepKey, question: ReactNode, yes: string, disabled = false) => (
    <div className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2" role="group" aria-label="Confirm this step">
      <p className="text-amber-950">{question}</p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={step.isPending || disabled} onClick={() => step.mutate(key)}>
          {step.isPending ? "Working…" : yes}
        </Button>
        <Button size="sm" variant="secondary" disabled={step.isPending} onClick={() => mark(key, "todo")}>
          Not yet
        </Button>
      </div>
    </div>
  );

  const stepButton = (key: StepKey, label: string, disabled = false) =>
    status[key] === "todo" && (
      <div>
        <Button
          size="sm"
          disabled={disabled}
          onClick={() => {
            step.reset();
            mark(key, "confirming");
          }}
        >
          {label}
        </Button>
      </div>
    );

  return (
    <>
      <div className="flex flex-col items-start gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Button disabled aria-describedby={`${userId}-reactivate-reason`}>
            Reactivate
          </Button>
          <Button variant="secondary" onClick={() => setOpen(true)}>
            Start guided reactivation
          </Button>
        </div>
        <p id={`${userId}-reactivate-reason`} className="text-sm text-slate-600">
          Reactivate is disabled while Directory Integration is on: DI never reactivates users, and an admin reactivates
          only with DI off. The guided reactivation takes you through the three steps.
        </p>
      </div>

      <Dialog open={open} onOpenChange={(next) => !next && !diIsOff && !step.isPending && close()}>
        <DialogContent
          title={`Reactivate ${userName}`}
          size="lg"
          preventDismiss={diIsOff || step.isPending}
          hideClose={diIsOff || step.isPending}
          description="Directory Integration never reactivates a user, even when the identity provider asks. A System Admin reactivates with DI off: turn DI off, reactivate, and turn DI on again. Each step asks for your confirmation; DI is off only for the moments in between."
        >
          <ol className="flex flex-col gap-2">
            <Step number={1} title="Turn Directory Integration off" status={status.off} current={current === "off"}>
              {status.off === "done" ? (
                <p role="status">{results.off}</p>
              ) : (
                <>
                  <p>While DI is off, the identity provider&apos;s SCIM requests are refused (403) and retried later; no seat changes.</p>
                  {stepButton("off", "Turn DI off…")}
                  {status.off === "confirming" &&
                    confirmBox("off", "Turn Directory Integration off now? Step 3 turns it on again.", "Yes, turn Directory Integration off")}
                </>
              )}
            </Step>
            <Step number={2} title={`Reactivate ${userName}`} status={status.reactivate} current={current === "reactivate"}>
              {status.reactivate === "done" ? (
                <p role="status">{results.reactivate}</p>
              ) : (
                <>
                  <p>They can sign in again and get back the seat they had ({seat}) until step 3 re-evaluates it.</p>
                  {current === "reactivate" && stepButton("reactivate", "Reactivate…")}
                  {status.reactivate === "confirming" &&
                    confirmBox("reactivate", `Reactivate ${userName} now?`, "Yes, reactivate")}
                </>
              )}
            </Step>
            <Step number={3} title="Turn Directory Integration on" status={status.on} current={current === "on"}>
              {status.on === "done" ? (
                <p role="status">{results.on}</p>
              ) : (
                <>
                  <p>DI re-evaluates every user from the identity provider, including {userName}, and SCIM requests are accepted again.</p>
                  {current === "on" && preview.isPending && <p role="status">Working out what the re-evaluation changes…</p>}
                  {current === "on" && preview.isError && <Alert tone="error">{preview.error.message}</Alert>}
                  {current === "on" && preview.data && preview.data.unmet.length > 0 && (
                    <Alert tone="error">
                      Directory Integration cannot be turned on yet:
                      <ul className="mt-1 list-disc pl-5">
                        {preview.data.unmet.map((m) => (
                          <li key={m}>{m}</li>
                        ))}
                      </ul>
                      Fix this in{" "}
                      <Link href="/security" className="font-medium underline">
                        Security &amp; Controls
                      </Link>
                      , then turn DI on there.
                    </Alert>
                  )}
                  {current === "on" && preview.data && preview.data.unmet.length === 0 && (
                    <PreviewSummary preview={preview.data} userId={userId} />
                  )}
                  {current === "on" &&
                    stepButton("on", "Turn DI on…", !preview.data || preview.data.unmet.length > 0)}
                  {status.on === "confirming" &&
                    confirmBox(
                      "on",
                      "Turn Directory Integration on now and apply the re-evaluation above?",
                      "Yes, turn Directory Integration on",
                      !preview.data || preview.data.unmet.length > 0,
                    )}
                </>
              )}
            </Step>
          </ol>

          {step.isError && <Alert tone="error">{step.error.message}</Alert>}
          {finished && (
            <Alert tone="success">
              Done: {userName} is active and Directory Integration is on. Their seat now follows the identity provider.
            </Alert>
          )}

          <DialogFooter>
            {finished ? (
              <Button onClick={close}>Done</Button>
            ) : diIsOff ? (
              <>
                <p className="mr-auto text-amber-900">
                  Directory Integration is off until step 3: the identity provider cannot provision anyone meanwhile.
                </p>
                <Button variant="secondary" disabled={step.isPending} onClick={close}>
                  Close and leave DI off
                </Button>
              </>
            ) : (
              <Button variant="secondary" disabled={step.isPending} onClick={close}>
                Cancel
              </Button>
            )}
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
