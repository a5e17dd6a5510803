"use client";

import { useQuery } from "@tanstack/react-query";
import type { Role } from "@/db/schema";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import { previewGroupMappingAction } from "@/app/(admin)/groups/actions";
import { EmailText } from "@/components/activity/activity-parts";
import { Alert } from "@/components/ui/alert";

const number = new Intl.NumberFormat("en");

/** The preview of a mapping change, fetched without saving anything. */
export function useMappingPreview(group: string, role: Role | null, enabled: boolean) {
  return useQuery({
    queryKey: ["group-mapping-preview", group, role],
    queryFn: async (): Promise<ReevaluationPreview> => {
      const result = await previewGroupMappingAction({ group, role });
      if (!result.ok) throw new Error(result.error);
      return result.preview;
    },
    enabled,
    // A preview must reflect the latest memberships: never reuse an old one.
    staleTime: 0,
    gcTime: 0,
  });
}

/**
 * "2 go up, 0 go down, 3 unchanged" and the first users with from → to and why. With DI off
 * nothing changes on save, and it says when the mapping will apply.
 */
export function MappingPreview({
  query,
  diEnabled,
  members,
}: {
  query: ReturnType<typeof useMappingPreview>;
  diEnabled: boolean;
  members: number;
}) {
  if (query.isPending && query.fetchStatus === "idle") return null;
  if (query.isPending) {
    return (
      <p role="status" className="text-sm text-slate-700">
        Working out which members&apos; seats change…
      </p>
    );
  }
  if (query.isError) return <Alert tone="error">{query.error.message}</Alert>;
  const p = query.data;
  const shownMore = p.upgrades + p.downgrades - p.changes.length;
  return (
    <section aria-label="Preview of seat changes" className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <h3 className="text-sm font-semibold text-slate-900">Preview: what saving does to the {number.format(members)} member{members === 1 ? "" : "s"}</h3>
      <ul className="flex flex-wrap gap-2 text-sm">
        <li className="rounded-full bg-emerald-50 px-2.5 py-0.5 font-medium text-emerald-900 ring-1 ring-emerald-600/30 ring-inset">
          <span aria-hidden="true">▲ </span>
          {number.format(p.upgrades)} go up
        </li>
        <li className="rounded-full bg-amber-50 px-2.5 py-0.5 font-medium text-amber-900 ring-1 ring-amber-600/30 ring-inset">
          <span aria-hidden="true">▼ </span>
          {number.format(p.downgrades)} go down
        </li>
        <li className="rounded-full bg-white px-2.5 py-0.5 font-medium text-slate-700 ring-1 ring-slate-400/40 ring-inset">
          {number.format(p.unchanged)} unchanged
        </li>
      </ul>
      {!diEnabled && (
        <Alert tone="info">
          Directory Integration is off, so saving changes no seat now. The mapping takes effect when DI is turned on: its
          first re-evaluation gives these members the seat their roles and groups call for.
        </Alert>
      )}
      {p.changes.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Members whose seat changes</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  User
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Seat
                </th>
                <th scope="col" className="py-1 font-medium">
                  Why
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {p.changes.map((c) => (
                <tr key={c.userId} className="align-top">
                  <th scope="row" className="min-w-40 py-1.5 pr-3 font-medium text-slate-900">
                    {c.displayName ? (
                      <>
                        {c.displayName}
                        <span className="block text-xs font-normal text-slate-600">
                          <EmailText value={c.userName} />
                        </span>
                      </>
                    ) : (
                      <EmailText value={c.userName} />
                    )}
                  </th>
                  <td className="py-1.5 pr-3 whitespace-nowrap">
                    {c.from} → <strong>{c.to}</strong>
                  </td>
                  <td className="py-1.5 text-slate-700">{c.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shownMore > 0 && <p className="mt-1 text-sm text-slate-600">…and {number.format(shownMore)} more.</p>}
        </div>
      )}
      {diEnabled && p.changes.length === 0 && (
        <p className="text-sm text-slate-700">No member&apos;s seat changes: their other roles and groups already decide the same seat.</p>
      )}
    </section>
  );
}
