"use client";

import Link from "next/link";
import { useState } from "react";
import { approveAdoptionsAction, refuseAdoptionsAction } from "@/app/(admin)/security/adoption/actions";
import { LocalTime } from "@/components/activity/local-time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import type { AdoptionPolicy } from "@/db/schema";
import type { AdoptionRequestView } from "@/lib/directory/list-adoption-requests";

const number = new Intl.NumberFormat("en");
const people = (n: number) => `${number.format(n)} ${n === 1 ? "person" : "people"}`;

const SOURCE_TEXT: Record<AdoptionRequestView["source"], string> = {
  uap: "Joined by UAP",
  admin: "Added by a System Admin",
  scim: "Now managed by the identity provider",
};

type Decision = { kind: "approve" | "refuse"; rows: AdoptionRequestView[] };

function Person({ row }: { row: AdoptionRequestView }) {
  return (
    <>
      <Link href={`/users/${encodeURIComponent(row.userId)}`} className="font-medium break-all text-blue-800 hover:underline">
        {row.displayName ?? row.email ?? row.userName}
      </Link>
      {row.displayName && <div className="text-xs break-all text-slate-600">{row.email ?? row.userName}</div>}
      <div className="text-xs text-slate-600">
        {SOURCE_TEXT[row.source]}
        {row.status === "deactivated" && ", deactivated"}
      </div>
    </>
  );
}

function Requested({ row }: { row: AdoptionRequestView }) {
  const { userName, email, externalId, displayName } = row.requested;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-700">
      {displayName && (
        <>
          <dt className="text-slate-500">Name</dt>
          <dd>{displayName}</dd>
        </>
      )}
      <dt className="text-slate-500">userName</dt>
      <dd className="break-all">{userName ?? "—"}</dd>
      {email && email !== userName && (
        <>
          <dt className="text-slate-500">Email</dt>
          <dd className="break-all">{email}</dd>
        </>
      )}
      <dt className="text-slate-500">externalId</dt>
      <dd className="break-all">{externalId ?? "—"}</dd>
    </dl>
  );
}

/** Links the identity provider asked for that wait for a System Admin: approve or refuse each, or those selected. */
export function AdoptionRequestsCard({ pending, total, policy }: { pending: AdoptionRequestView[]; total: number; policy: AdoptionPolicy }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [decision, setDecision] = useState<Decision | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const finish = (verb: string) => (names: string[]) => {
    setDecision(null);
    setSelected(new Set());
    setDone(`${verb} ${names.join(", ")}.`);
  };
  const approve = useActionMutation({ action: approveAdoptionsAction, refresh: true, onSuccess: finish("Linked to the identity provider:") });
  const refuse = useActionMutation({ action: refuseAdoptionsAction, refresh: true, onSuccess: finish("Refused, staying unlinked:") });
  const mutation = decision?.kind === "refuse" ? refuse : approve;
  const ask = (kind: Decision["kind"], rows: AdoptionRequestView[]) => {
    approve.reset();
    refuse.reset();
    setDone(null);
    setDecision({ kind, rows });
  };
  const chosen = pending.filter((r) => selected.has(r.userId));
  const allSelected = pending.length > 0 && chosen.length === pending.length;
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <Card
      id="adoption-requests"
      title={total === 0 ? "No links wait for approval" : `${people(total)} waiting for approval`}
      description={
        total === 0
          ? policy === "admin-approval"
            ? "When the identity provider creates or updates someone who was on the plan before SCIM, the request waits here."
            : "Under admin approval, the identity provider's requests for people who were on the plan before SCIM wait here."
          : `Approving applies what the identity provider sent and links them; its next request for them succeeds. Refusing keeps them as they are, and the identity provider keeps getting a 409 for them.${pending.length < total ? ` The oldest ${number.format(pending.length)} are listed.` : ""}`
      }
    >
      <div aria-live="polite">{done && <Alert tone="success" className="mb-3">{done}</Alert>}</div>
      {pending.length > 0 && (
        <div className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Decide the selected links">
            <Button onClick={() => ask("approve", chosen)} disabled={chosen.length === 0}>
              Approve selected ({number.format(chosen.length)})
            </Button>
            <Button variant="secondary" onClick={() => ask("refuse", chosen)} disabled={chosen.length === 0}>
              Refuse selected ({number.format(chosen.length)})
            </Button>
          </div>
          <div className="overflow-x-auto rounded-md border border-slate-200">
            <table className="w-full min-w-[44rem] text-left text-sm" data-testid="adoption-requests-table">
              <caption className="sr-only">Links to the identity provider waiting for approval</caption>
              <thead className="bg-slate-50 text-xs font-medium text-slate-700 uppercase">
                <tr>
                  <th scope="col" className="w-10 px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label="Select every waiting link listed"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(pending.map((r) => r.userId)))}
                    />
                  </th>
                  <th scope="col" className="px-3 py-2">Person on the plan</th>
                  <th scope="col" className="px-3 py-2">The identity provider sent</th>
                  <th scope="col" className="px-3 py-2">Asked</th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Decide</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {pending.map((row) => {
                  const who = row.email ?? row.userName;
                  return (
                    <tr key={row.id} data-testid="adoption-request-row" data-user={who}>
                      <td className="px-3 py-2 align-top">
                        <input type="checkbox" aria-label={`Select ${who}`} checked={selected.has(row.userId)} onChange={() => toggle(row.userId)} />
                      </td>
                      <td className="px-3 py-2 align-top">
                        <Person row={row} />
                      </td>
                      <td className="px-3 py-2 align-top">
                        <Requested row={row} />
                      </td>
                      <td className="px-3 py-2 align-top">
                        <LocalTime at={row.requestedAt} stacked />
                        {row.updatedAt !== row.requestedAt && (
                          <div className="text-xs text-slate-600">
                            again <LocalTime at={row.updatedAt} />
                          </div>
                        )}
                        <div className="text-xs text-slate-600">{row.actor}</div>
                      </td>
                      <td className="px-3 py-2 align-top">
                        <div className="flex flex-wrap justify-end gap-2">
                          <Button size="sm" onClick={() => ask("approve", [row])} aria-label={`Approve linking ${who}`}>
                            Approve
                          </Button>
                          <Button size="sm" variant="secondary" onClick={() => ask("refuse", [row])} aria-label={`Refuse linking ${who}`}>
                            Refuse
                          </Button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <ConfirmActionDialog
        open={decision !== null}
        onOpenChange={(open) => {
          if (!open) setDecision(null);
        }}
        title={decision?.kind === "refuse" ? `Refuse to link ${people(decision.rows.length)}?` : `Link ${people(decision?.rows.length ?? 0)} to the identity provider?`}
        description={
          decision?.kind === "refuse"
            ? "They stay as they are, managed in the Admin Center. The identity provider's requests for them keep getting a 409 until you approve after all."
            : "What the identity provider sent is applied now: its attributes and externalId, and the seat Directory Integration decides. They keep their id, history, sessions and items, and the identity provider manages them from now on."
        }
        mutation={mutation}
        onConfirm={() => {
          if (!decision) return;
          const userIds = decision.rows.map((r) => r.userId);
          if (decision.kind === "refuse") refuse.mutate({ userIds });
          else approve.mutate({ userIds });
        }}
        confirmLabel={decision?.kind === "refuse" ? "Refuse" : "Approve and link"}
        pendingLabel={decision?.kind === "refuse" ? "Refusing…" : "Linking…"}
        tone="primary"
      />
    </Card>
  );
}

/** Links decided in the last 30 days: who decided, and when. A refused one can still be approved. */
export function DecidedAdoptionsCard({ decided }: { decided: AdoptionRequestView[] }) {
  const [done, setDone] = useState<string | null>(null);
  const approve = useActionMutation({
    action: approveAdoptionsAction,
    refresh: true,
    onSuccess: (names: string[]) => setDone(`Linked to the identity provider: ${names.join(", ")}.`),
  });
  if (decided.length === 0) return null;
  return (
    <Card id="adoption-decided" title="Decided in the last 30 days">
      <div aria-live="polite">
        {done && <Alert tone="success" className="mb-3">{done}</Alert>}
        {approve.error && <Alert tone="error" className="mb-3">{approve.error.message}</Alert>}
      </div>
      <ul className="flex flex-col divide-y divide-slate-100" aria-label="Decided links">
        {decided.map((row) => {
          const who = row.email ?? row.userName;
          return (
            <li key={row.id} className="flex flex-wrap items-start justify-between gap-3 py-2 text-sm" data-testid="adoption-decided-row" data-user={who}>
              <div className="min-w-0">
                <Person row={row} />
              </div>
              <div className="text-right">
                <div className={row.decision === "refused" ? "font-medium text-amber-800" : "font-medium text-emerald-800"}>
                  {row.decision === "refused" ? "Refused" : "Linked"} by {row.decidedBy ?? "—"}
                </div>
                {row.decidedAt !== null && (
                  <div className="text-xs text-slate-600">
                    <LocalTime at={row.decidedAt} />
                  </div>
                )}
                {row.decision === "refused" && row.source !== "scim" && (
                  <Button
                    size="sm"
                    variant="secondary"
                    className="mt-1"
                    disabled={approve.isPending}
                    aria-label={`Approve linking ${who} after all`}
                    onClick={() => {
                      setDone(null);
                      approve.mutate({ userIds: [row.userId] });
                    }}
                  >
                    Approve after all
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
