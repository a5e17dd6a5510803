"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { discardHeldChangesAction, releaseHeldChangesAction } from "@/app/(admin)/security/held-changes/actions";
import { LocalTime } from "@/components/activity/local-time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { Pagination } from "@/components/ui/pagination";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import type { DecideOutcome, HeldSelection } from "@/lib/directory/decide-held-changes";
import type { TripView } from "@/lib/directory/get-breaker-status";
import type { HeldChangesPage } from "@/lib/directory/list-held-changes";

const number = new Intl.NumberFormat("en");
const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

type Pending = { decision: "release" | "discard"; selection: HeldSelection; count: number };

const DECISION_TEXT = { released: "Released", discarded: "Discarded", superseded: "Taken back by the IdP" } as const;

/** The open trip's held changes, a page at a time: choose some (or all) and release or discard them. */
export function HeldChangesTable({ trip, page }: { trip: TripView; page: HeldChangesPage }) {
  const router = useRouter();
  const pathname = usePathname();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const onSuccess = (outcome: DecideOutcome) => {
    setPending(null);
    setSelected(new Set());
    setDone(
      `${outcome.decision === "released" ? "Released" : "Discarded"} ${plural(outcome.decided, "held change", "held changes")}.${
        outcome.cleared ? " Nothing is held any more: the breaker has cleared." : ""
      }`,
    );
  };
  const release = useActionMutation({ action: releaseHeldChangesAction, refresh: true, onSuccess });
  const discard = useActionMutation({ action: discardHeldChangesAction, refresh: true, onSuccess });
  const mutation = pending?.decision === "discard" ? discard : release;

  const openOnPage = page.rows.filter((r) => r.decision === null);
  const pageSelected = openOnPage.length > 0 && openOnPage.every((r) => selected.has(r.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const ask = (decision: Pending["decision"], all: boolean) => {
    release.reset();
    discard.reset();
    setDone(null);
    setPending(
      all
        ? { decision, selection: { all: true }, count: trip.open }
        : { decision, selection: { ids: [...selected] }, count: selected.size },
    );
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Decide held changes">
        <Button onClick={() => ask("release", false)} disabled={selected.size === 0}>
          Release selected ({number.format(selected.size)})
        </Button>
        <Button variant="secondary" onClick={() => ask("discard", false)} disabled={selected.size === 0}>
          Discard selected ({number.format(selected.size)})
        </Button>
        <span className="mx-1 hidden h-6 w-px bg-slate-200 sm:block" aria-hidden="true" />
        <Button variant="secondary" onClick={() => ask("release", true)} disabled={trip.open === 0}>
          Release all {number.format(trip.open)}
        </Button>
        <Button variant="secondary" onClick={() => ask("discard", true)} disabled={trip.open === 0}>
          Discard all {number.format(trip.open)}
        </Button>
      </div>
      <div aria-live="polite">{done && <Alert tone="success">{done}</Alert>}</div>

      <div className="overflow-x-auto rounded-md border border-slate-200">
        <table className="w-full min-w-[48rem] text-left text-sm" data-testid="held-changes-table">
          <caption className="sr-only">Changes held by the mass-deactivation breaker</caption>
          <thead className="bg-slate-50 text-xs font-medium text-slate-700 uppercase">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select every open held change on this page"
                  checked={pageSelected}
                  disabled={openOnPage.length === 0}
                  onChange={() => {
                    const next = new Set(selected);
                    for (const r of openOnPage) {
                      if (pageSelected) next.delete(r.id);
                      else next.add(r.id);
                    }
                    setSelected(next);
                  }}
                />
              </th>
              <th scope="col" className="px-3 py-2">User</th>
              <th scope="col" className="px-3 py-2">What the IdP asked</th>
              <th scope="col" className="px-3 py-2">When</th>
              <th scope="col" className="px-3 py-2">Token and request</th>
              <th scope="col" className="px-3 py-2">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((row) => (
              <tr key={row.id} data-testid="held-change-row" data-user={row.userName}>
                <td className="px-3 py-2 align-top">
                  {row.decision === null && (
                    <input
                      type="checkbox"
                      aria-label={`Select ${row.userName}`}
                      checked={selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                    />
                  )}
                </td>
                <td className="px-3 py-2 align-top">
                  <Link href={`/users/${encodeURIComponent(row.userId)}`} className="font-medium break-all text-blue-800 hover:underline">
                    {row.displayName ?? row.userName}
                  </Link>
                  {row.displayName && <div className="text-xs break-all text-slate-600">{row.userName}</div>}
                </td>
                <td className="px-3 py-2 align-top">
                  <div className="first-letter:uppercase">{row.requested}</div>
                  <div className="text-xs text-slate-600">
                    {row.fromValue} → {row.toValue}
                  </div>
                </td>
                <td className="px-3 py-2 align-top">
                  <LocalTime at={row.heldAt} stacked />
                  {row.updatedAt !== row.heldAt && (
                    <div className="text-xs text-slate-600">
                      asked again <LocalTime at={row.updatedAt} />
                    </div>
                  )}
                </td>
                <td className="px-3 py-2 align-top">
                  <div>{row.actor}</div>
                  {row.method && (
                    <div className="font-mono text-xs break-all text-slate-600">
                      {row.method} {row.path}
                    </div>
                  )}
                </td>
                <td className="px-3 py-2 align-top">
                  {row.decision === null ? (
                    <span className="font-medium text-amber-800">Held</span>
                  ) : (
                    <span className="text-slate-700">
                      {DECISION_TEXT[row.decision]}
                      {row.decidedBy && row.decision !== "superseded" && <span className="block text-xs text-slate-600">by {row.decidedBy}</span>}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        page={page.page}
        pageSize={page.pageSize}
        total={page.total}
        itemLabel="held changes"
        itemLabelOne="held change"
        label="Held changes pages"
        onPageChange={(n) => router.push(`${pathname}?page=${n}`)}
      />

      <ConfirmActionDialog
        open={pending !== null}
        onOpenChange={(open) => {
          if (!open) setPending(null);
        }}
        title={
          pending?.decision === "discard"
            ? `Discard ${plural(pending.count, "held change", "held changes")}?`
            : `Release ${plural(pending?.count ?? 0, "held change", "held changes")}?`
        }
        description={
          pending?.decision === "discard"
            ? `${plural(pending.count, "user stays", "users stay")} as they are. The activity log records that you overruled the identity provider; if it still wants the change, it sends it again.`
            : `What the identity provider asked is applied now to ${plural(pending?.count ?? 0, "user", "users")}: deactivated users lose their seat and their sessions end; a downgrade gets the seat Directory Integration decides now.`
        }
        mutation={mutation}
        onConfirm={() => {
          if (!pending) return;
          if (pending.decision === "discard") discard.mutate(pending.selection);
          else release.mutate(pending.selection);
        }}
        confirmLabel={pending?.decision === "discard" ? `Discard ${number.format(pending.count)}` : `Release ${number.format(pending?.count ?? 0)}`}
        pendingLabel={pending?.decision === "discard" ? "Discarding…" : "Releasing…"}
        tone={pending?.decision === "discard" ? "primary" : "danger"}
      />
    </div>
  );
}
