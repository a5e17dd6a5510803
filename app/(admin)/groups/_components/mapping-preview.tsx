"use client";

import { useQuery } from "@tanstack/react-query";
import type { Role } from "@/db/schema";
import type { ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import { SeatChangePreview } from "@/components/seats/seat-change-preview";
import { Alert } from "@/components/ui/alert";
import { fetchResult } from "@/components/ui/fetch-result";

const number = new Intl.NumberFormat("en");

/** The preview of a mapping change, fetched without saving anything. */
export function useMappingPreview(group: string, role: Role | null, enabled: boolean) {
  return useQuery({
    queryKey: ["group-mapping-preview", group, role],
    queryFn: () => fetchResult<ReevaluationPreview>("/api/groups/mapping-preview", { group, role }),
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
  return (
    <section aria-label="Preview of seat changes" className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <h3 className="text-sm font-semibold text-slate-900">Preview: what saving does to the {number.format(members)} member{members === 1 ? "" : "s"}</h3>
      <SeatChangePreview
        preview={p}
        look="pills"
        labels={{ up: "go up", down: "go down", same: "unchanged" }}
        caption="Members whose seat changes"
        empty={
          diEnabled && (
            <p className="text-sm text-slate-700">No member&apos;s seat changes: their other roles and groups already decide the same seat.</p>
          )
        }
        more={(count) => <>…and {count} more.</>}
      >
        {!diEnabled && (
          <Alert tone="info">
            Directory Integration is off, so saving changes no seat now. The mapping takes effect when DI is turned on: its
            first re-evaluation gives these members the seat their roles and groups call for.
          </Alert>
        )}
      </SeatChangePreview>
    </section>
  );
}
