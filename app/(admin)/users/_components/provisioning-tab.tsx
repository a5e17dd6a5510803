"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useState } from "react";
import type { UserScimRequestPage } from "@/lib/activity/list-user-scim-requests";
import { Alert } from "@/components/ui/alert";
import { fetchResult } from "@/components/ui/fetch-result";
import { Pagination } from "@/components/ui/pagination";
import { ScimBodies, ScimRequestLine } from "./provisioning-bodies";

/**
 * The user page's Provisioning tab (issue 14 §3): "what did the identity provider send for this
 * person, and what did we answer", newest first, a page at a time.
 */
export function ProvisioningTab({ userId, initial }: { userId: string; initial: UserScimRequestPage }) {
  const [page, setPage] = useState(1);
  const requests = useQuery({
    queryKey: ["users", "scim-requests", userId, page],
    queryFn: () => fetchResult<UserScimRequestPage>(`/api/users/${encodeURIComponent(userId)}/scim-requests`, { page }),
    placeholderData: keepPreviousData,
    ...(page === 1 ? { initialData: initial } : {}),
  });
  const data = requests.data;

  return (
    <div className="flex flex-col gap-3">
      {requests.isError && <Alert tone="error">{requests.error.message}</Alert>}
      {data && (
        <p className="text-sm text-slate-600">
          Bodies are kept {data.retentionDays} days, each cut at {Math.round(data.capBytes / 1024)} KiB; passwords and
          other secrets are redacted before they are stored, and the Authorization header never is.
        </p>
      )}
      {data && data.entries.length === 0 ? (
        <p className="text-sm text-slate-600">No SCIM request about this user in the activity log.</p>
      ) : (
        <ol aria-label="SCIM requests" className={clsx("flex flex-col gap-3", requests.isFetching && "opacity-60")}>
          {data?.entries.map((e, index) => (
            <li key={e.id} data-testid="scim-request" className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
              <ScimRequestLine entry={e} />
              {e.reason && <p className="text-sm text-red-800">{e.reason}</p>}
              {e.lookups.length > 0 && (
                <details className="rounded-md bg-slate-50 p-2 text-sm" open={index === 0 && page === 1}>
                  <summary className="cursor-pointer text-slate-700">
                    {e.lookups.length === 1 ? "The existence check before it" : `The ${e.lookups.length} existence checks before it`}
                  </summary>
                  <ul className="mt-2 flex flex-col gap-2">
                    {e.lookups.map((l) => (
                      <li key={l.id} data-testid="scim-lookup" className="flex flex-col gap-1">
                        <ScimRequestLine entry={l} compact />
                        <ScimBodies entry={l} capBytes={data.capBytes} retentionDays={data.retentionDays} keptSince={data.keptSince} />
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              <details open={index < 3 && page === 1}>
                <summary className="cursor-pointer text-sm text-slate-700">Request and response</summary>
                <div className="mt-2" data-testid="request-bodies">
                  <ScimBodies entry={e} capBytes={data.capBytes} retentionDays={data.retentionDays} keptSince={data.keptSince} />
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
      {data && data.total > data.pageSize && (
        <Pagination
          label="SCIM request pages"
          itemLabel="requests"
          itemLabelOne="request"
          page={data.page}
          pageSize={data.pageSize}
          total={data.total}
          onPageChange={setPage}
        />
      )}
    </div>
  );
}
