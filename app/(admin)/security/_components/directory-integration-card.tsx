"use client";

import { useRouter } from "next/navigation";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import {
  reevaluateAllUsersAction,
  turnOffDirectoryIntegrationAction,
  turnOnDirectoryIntegrationAction,
} from "@/app/(admin)/security/actions";
import { Alert } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { fetchResult } from "@/components/ui/fetch-result";
import { Switch } from "@/components/ui/switch";
import type { DiPrecondition } from "@/lib/directory/check-di-preconditions";
import type { DirectoryIntegrationPreview } from "@/lib/directory/preview-directory-integration";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import type { SecurityState } from "@/lib/security/get-security-state";
import { DateTime } from "./date-time";
import { DiPreviewChanges, PREVIEW_PAGE_SIZE, type Direction } from "./di-preview";
import { MessageText } from "./message-text";
import { ReevaluationSummary } from "./reevaluation-summary";
import { unwrap, useInvalidate, useSecurityState } from "./security-query";

/** Where on this page an unmet precondition is fixed. */
const FIX: Record<DiPrecondition["key"], { href: string; label: string } | null> = {
  "scim-support": null,
  "validated-domain": { href: "/security/domains", label: "Go to Domains" },
  "primary-email-domain": { href: "/security/domains", label: "Go to Domains" },
};

function Preconditions({ preconditions }: { preconditions: DiPrecondition[] }) {
  return (
    <ul className="flex flex-col gap-1.5 text-sm" aria-label="Requirements for Directory Integration">
      {preconditions.map((p) => {
        const fix = FIX[p.key];
        return (
          <li key={p.key} className="flex gap-2">
            <span aria-hidden="true" className={p.met ? "text-emerald-700" : "text-amber-700"}>
              {p.met ? "✓" : "✗"}
            </span>
            <span className={p.met ? "text-slate-700" : "text-slate-900"}>
              <span className="sr-only">{p.met ? "Met: " : "Not met: "}</span>
              <MessageText text={p.message} />
              {!p.met && fix && (
                <>
                  {" "}
                  <Link href={fix.href} className="font-medium text-blue-700 hover:underline">
                    {fix.label}
                  </Link>
                </>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

type Outcome =
  | { kind: "on"; result: ReevaluationPreview }
  | { kind: "reevaluated"; result: ReevaluationPreview }
  | { kind: "off" };

/**
 * A dialog that loads the re-evaluation preview when it opens, shows it, and runs `confirm`.
 * Used to turn DI on and to re-evaluate every user while it is on (docs/product.md §3).
 */
function PreviewDialog({
  open,
  onOpenChange,
  title,
  intro,
  confirmLabel,
  pendingLabel,
  mutation,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  intro: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  mutation: { mutate: () => void; isPending: boolean; error: Error | null; reset: () => void };
}) {
  // Downgrades (paid seats removed) first: what an admin must check before confirming.
  const [direction, setDirection] = useState<Direction>("down");
  const [page, setPage] = useState(1);
  const preview = useQuery({
    queryKey: ["security", "reevaluation-preview", direction, page],
    queryFn: () =>
      fetchResult<DirectoryIntegrationPreview>("/api/directory-integration/preview", {
        direction,
        page,
        pageSize: PREVIEW_PAGE_SIZE,
      }),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
    // Another tab or page keeps the last one on screen until it arrives.
    placeholderData: keepPreviousData,
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          mutation.reset();
          setDirection("down");
          setPage(1);
        }
        onOpenChange(next);
      }}
    >
      <DialogContent title={title} size="lg" preventDismiss={mutation.isPending} hideClose={mutation.isPending}>
        {intro}
        <h3 className="text-sm font-semibold text-slate-900">What the re-evaluation will change</h3>
        {preview.isPending && !preview.data ? (
          <p role="status" className="text-sm text-slate-600">
            Working out each user&apos;s seat from their roles and mapped groups…
          </p>
        ) : preview.isError && !preview.data ? (
          <Alert tone="error">
            The preview could not be loaded: <MessageText text={preview.error.message} />{" "}
            <button type="button" className="font-medium underline" onClick={() => void preview.refetch()}>
              Try again
            </button>
          </Alert>
        ) : preview.data ? (
          <DiPreviewChanges
            preview={preview.data}
            direction={direction}
            onDirection={(next) => {
              setDirection(next);
              setPage(1);
            }}
            onPage={setPage}
            loading={preview.isPlaceholderData}
          />
        ) : null}
        {mutation.error && (
          <Alert tone="error">
            <MessageText text={mutation.error.message} />
          </Alert>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary" disabled={mutation.isPending}>
              Cancel
            </Button>
          </DialogClose>
          <Button onClick={() => mutation.mutate()} disabled={mutation.isPending || !preview.data}>
            {mutation.isPending ? pendingLabel : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

export function DirectoryIntegrationCard({ initialState }: { initialState: SecurityState }) {
  const state = useSecurityState(initialState);
  const invalidate = useInvalidate();
  const router = useRouter();
  const [dialog, setDialog] = useState<"on" | "off" | "reevaluate" | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const done = async (next: Outcome) => {
    // The switch shows the new state as the dialog closes; other screens' data (seats,
    // activity) is refreshed after, in the background, and so is the layout's DI-off
    // banner (Next keeps the layout across navigations: only a refresh re-renders it).
    await invalidate.security();
    setOutcome(next);
    setDialog(null);
    void invalidate.everything();
    router.refresh();
  };
  const turnOn = useMutation({
    mutationFn: () => unwrap(turnOnDirectoryIntegrationAction()),
    onSuccess: (result) => done({ kind: "on", result }),
  });
  const turnOff = useMutation({
    mutationFn: () => unwrap(turnOffDirectoryIntegrationAction()),
    onSuccess: () => done({ kind: "off" }),
  });
  const reevaluate = useMutation({
    mutationFn: () => unwrap(reevaluateAllUsersAction()),
    onSuccess: (result) => done({ kind: "reevaluated", result }),
  });

  const plan = state.plan;
  if (!plan) return null;
  const on = plan.diEnabled;
  const unmet = state.preconditions.filter((p) => !p.met);
  const blocked = !on && unmet.length > 0;

  return (
    <Card
      id="directory-integration"
      title="Directory Integration"
      description="While on, your identity provider (Okta or Microsoft Entra ID) is the source of truth for seats: every SCIM sync recomputes a user's seat from their roles and mapped groups."
    >
      <div className="flex flex-col gap-4">
        <Switch
          id="di-switch"
          label="Directory Integration"
          checked={on}
          disabled={blocked || turnOn.isPending || turnOff.isPending}
          onCheckedChange={(checked) => {
            setOutcome(null);
            setDialog(checked ? "on" : "off");
          }}
          description={
            on ? (
              <>
                On
                {plan.diChangedAt !== null && (
                  <>
                    {" "}
                    since <DateTime at={plan.diChangedAt} />
                  </>
                )}
                . SCIM requests from your IdP are accepted and decide seats.
              </>
            ) : (
              "Off. SCIM requests are refused (403) and seats are managed by hand in the Admin Center."
            )
          }
          disabledReason={blocked ? `It cannot be turned on yet: ${unmet.length === 1 ? "one requirement is" : `${unmet.length} requirements are`} not met (see below).` : undefined}
        />

        {!on && <Preconditions preconditions={state.preconditions} />}

        {on && (
          <div className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
            <p>
              DI changes Contributor → Member, Provisional Member → Member and Member → Contributor. It never touches Guests
              or No Access users and never downgrades a Provisional Member. A manual seat change is replaced at the user&apos;s
              next sync.
            </p>
            <div className="flex flex-wrap items-center gap-3">
              <Button
                variant="secondary"
                onClick={() => {
                  setOutcome(null);
                  setDialog("reevaluate");
                }}
              >
                Re-evaluate all users now
              </Button>
              <span className="text-slate-600">Recomputes every active user&apos;s seat; you see the changes first.</span>
            </div>
          </div>
        )}

        {outcome?.kind === "on" && (
          <Alert tone="success">
            <p className="font-medium">Directory Integration is on. Every active user was re-evaluated:</p>
            <div className="mt-2 text-slate-900">
              <ReevaluationSummary summary={outcome.result} tense="did" caption="Seat changes made when DI was turned on" />
            </div>
          </Alert>
        )}
        {outcome?.kind === "reevaluated" && (
          <Alert tone="success">
            <p className="font-medium">Every active user was re-evaluated:</p>
            <div className="mt-2 text-slate-900">
              <ReevaluationSummary summary={outcome.result} tense="did" caption="Seat changes made by the re-evaluation" />
            </div>
          </Alert>
        )}
        {outcome?.kind === "off" && (
          <Alert tone="success">
            Directory Integration is off. SCIM requests are refused (403) until you turn it on again; manage seats by hand
            in <Link href="/users" className="font-medium underline">Users</Link>.
          </Alert>
        )}
      </div>

      <PreviewDialog
        open={dialog === "on"}
        onOpenChange={(open) => setDialog(open ? "on" : null)}
        title="Turn on Directory Integration?"
        intro={
          <p>
            Your IdP becomes the source of truth for seats. Turning DI on re-evaluates every active user now, and each later
            SCIM sync does the same for the user it touches. Manual seat changes that differ from what DI sets are replaced.
          </p>
        }
        confirmLabel="Turn on and apply these changes"
        pendingLabel="Turning on…"
        mutation={turnOn}
      />
      <PreviewDialog
        open={dialog === "reevaluate"}
        onOpenChange={(open) => setDialog(open ? "reevaluate" : null)}
        title="Re-evaluate all users now?"
        intro={<p>Every active user&apos;s seat is recomputed from their roles and mapped groups, as a sync would.</p>}
        confirmLabel="Re-evaluate and apply these changes"
        pendingLabel="Re-evaluating…"
        mutation={reevaluate}
      />

      <AlertDialog
        open={dialog === "off"}
        onOpenChange={(open) => {
          if (!open) turnOff.reset();
          setDialog(open ? "off" : null);
        }}
      >
        <AlertDialogContent title="Turn off Directory Integration?" description="Seats stay as they are now. Then:">
          <ul className="flex list-disc flex-col gap-1.5 pl-5">
            <li>
              Every SCIM request from your IdP is refused with <strong>403</strong> until you turn DI on again: no users are
              created, updated or deactivated from Okta.
            </li>
            <li>Okta retries the refused changes later, so they arrive once DI is on again.</li>
            <li>Seats are managed by hand in the Admin Center.</li>
            <li>Turning DI on again re-evaluates every user (you see the changes first).</li>
          </ul>
          {turnOff.error && (
            <Alert tone="error">
              <MessageText text={turnOff.error.message} />
            </Alert>
          )}
          <AlertDialogFooter>
            <AlertDialogCancel disabled={turnOff.isPending}>Keep it on</AlertDialogCancel>
            <AlertDialogAction
              disabled={turnOff.isPending}
              onClick={(event) => {
                event.preventDefault();
                turnOff.mutate();
              }}
            >
              {turnOff.isPending ? "Turning off…" : "Turn off Directory Integration"}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
