"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { clsx } from "clsx";
import { useState } from "react";
import type { ActivityPage } from "@/components/activity/activity-types";
import { Alert } from "@/components/ui/alert";
import { fetchResult } from "@/components/ui/fetch-result";
import { Pagination } from "@/components/ui/pagination";
import { activityChange, activityLabel } from "./activity-labels";
import { formatDateTime, isoDate } from "./format";

/** The user's history from the activity log (docs/product.md §7), newest first, a page at a time. */
export function UserHistory({ userId, initial }: { userId: string; initial: ActivityPage }) {
  const [page, setPage] = useState(1);
  const history = useQuery({
    queryKey: ["users", "history", userId, page],
    queryFn: () => fetchResult<ActivityPage>("/api/users/history", { userId, page }),
    placeholderData: keepPreviousData,
    ...(page === 1 ? { initialData: initial } : {}),
  });
  const data = history.data;

  return (
    <div className="flex flex-col gap-3">
      {history.isError && <Alert tone="error">{history.error.message}</Alert>}
      {data && data.entries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded for this user yet.</p>
      ) : (
        <ol aria-label="History entries" className={clsx("divide-y divide-slate-100", history.isFetching && "opacity-60")}>
          {data?.entries.map((e) => {
            const change = activityChange(e);
            const failed = e.kind === "scim" && (e.status ?? 0) >= 400;
            return (
              <li key={e.id} className="flex flex-col gap-0.5 py-2 text-sm" data-action={e.action}>
                <div className="flex flex-wrap items-baseline justify-between gap-x-4">
                  <span className={clsx("font-medium", failed ? "text-red-800" : "text-slate-900")}>
                    {activityLabel(e)}
                    {change && <span className="font-normal text-slate-700">: {change}</span>}
                  </span>
                  <time dateTime={isoDate(e.at)} className="text-xs whitespace-nowrap text-slate-500">
                    {formatDateTime(e.at)}
                  </time>
                </div>
                {e.kind === "scim" && (
                  <span className="font-mono text-xs break-all text-slate-700">
                    {e.method} {e.path} → {e.status}
                  </span>
                )}
                {e.reason && <span className="text-slate-700">{e.reason}</span>}
                <span className="text-xs text-slate-500">By {e.actor}</span>
              </li>
            );
          })}
        </ol>
      )}
      {data && data.total > data.pageSize && (
        <Pagination
          label="History pages"
          itemLabel="entries"
          itemLabelOne="entry"
          page={data.page}
          pageSize={data.pageSize}
          total={data.total}
          onPageChange={setPage}
        />
      )}
    </div>
  );
}
