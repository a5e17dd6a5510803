"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { SelectField } from "@/components/ui/select-field";
import { TableHead, TableRows } from "@/components/ui/table-parts";
import { clsx } from "clsx";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { fetchResult } from "@/components/ui/fetch-result";
import {
  ACTIVITY_KIND_OPTIONS,
  activityFiltersToSearch,
  COMMON_STATUSES,
  hasActivityFilters,
  PAGE_SIZES,
  parseActivityFilters,
  PERIOD_OPTIONS,
  type ActivityFilters,
} from "./activity-filters";
import { EntryBy, EntryEvent, EntryUser } from "@/components/activity/activity-parts";
import type { ActivityEntryView, ActivityPage } from "@/components/activity/activity-types";
import { isFailed, statusText } from "@/components/activity/describe-activity";
import { LocalTime } from "@/components/activity/local-time";

const number = new Intl.NumberFormat("en");
const column = createColumnHelper<ActivityEntryView>();

const columns = [
  column.accessor("at", {
    header: "When",
    cell: (info) => <LocalTime at={info.getValue()} withSeconds stacked />,
  }),
  column.display({
    id: "event",
    header: "What happened",
    cell: (info) => (
      <>
        <EntryEvent entry={info.row.original} withStatus />
        {info.row.original.kind === "scim" && (
          // Issue 14 §3: what the IdP sent and what it got, kept for the plan's body retention.
          <Link
            href={`/activity/${info.row.original.id}`}
            className="mt-1 inline-block text-xs font-medium text-blue-800 hover:underline"
          >
            Request and response
          </Link>
        )}
      </>
    ),
  }),
  column.display({ id: "user", header: "User", cell: (info) => <EntryUser entry={info.row.original} /> }),
  column.display({ id: "by", header: "By", cell: (info) => <EntryBy entry={info.row.original} /> }),
];

/**
 * The activity log: filters live in the URL (so a view can be linked and survives a
 * reload); each change fetches one page through the server action.
 */
export function ActivityLog({
  initialSearch,
  initialPage,
  userName,
}: {
  /** The URL query the server rendered `initialPage` for. */
  initialSearch: string;
  initialPage: ActivityPage | null;
  /** The user named by `?user=` (for the "only this user" notice). */
  userName: string | null;
}) {
  const params = useSearchParams();
  const filters = useMemo(() => parseActivityFilters(params), [params]);
  const search = activityFiltersToSearch(filters);
  const ids = useId();

  const navigate = (next: ActivityFilters, replace = false) => {
    const url = `/activity${activityFiltersToSearch(next)}`;
    // Next keeps useSearchParams in step with the History API; no server round trip.
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  };
  // From the URL as it is now, not this render's filters: two quick changes (Kind, then
  // Status) reach here before React renders the first, and the second would drop it.
  const update = (patch: Partial<ActivityFilters>, replace = false) =>
    navigate({ ...parseActivityFilters(new URLSearchParams(window.location.search)), page: 1, ...patch }, replace);

  // The search box: typed text goes to the URL after a pause, not on every key.
  const [draft, setDraft] = useState(filters.q ?? "");
  useEffect(() => setDraft(filters.q ?? ""), [filters.q]);
  useEffect(() => {
    const text = draft.trim();
    if (text === (filters.q ?? "")) return;
    const timer = setTimeout(() => {
      // The URL as it is when the pause ends: another filter may have changed meanwhile.
      const current = parseActivityFilters(new URLSearchParams(window.location.search));
      navigate({ ...current, page: 1, q: text || undefined }, true);
    }, 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text starts the timer
  }, [draft]);

  const query = useQuery({
    queryKey: ["activity", search],
    queryFn: () => fetchResult<ActivityPage>(`/api/activity${search}`),
    initialData: search === initialSearch && initialPage ? initialPage : undefined,
    placeholderData: keepPreviousData,
  });
  const page = query.data;

  const table = useReactTable({
    data: page?.entries ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    getRowId: (row) => String(row.id),
  });

  const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  const first = page && page.total > 0 ? (page.page - 1) * page.pageSize + 1 : 0;
  const last = page ? Math.min(page.total, page.page * page.pageSize) : 0;
  const statusOptions = [...COMMON_STATUSES] as number[];
  if (typeof filters.status === "number" && !statusOptions.includes(filters.status)) statusOptions.push(filters.status);

  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby={`${ids}-filters`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id={`${ids}-filters`} className="sr-only">
          Filters
        </h2>
        <form
          role="search"
          aria-label="Filter activity"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: draft.trim() || undefined });
          }}
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        >
          <SelectField
            id={`${ids}-kind`}
            label="Kind"
            value={filters.kind ?? ""}
            onChange={(v) => update({ kind: (v || undefined) as ActivityFilters["kind"] })}
          >
            <option value="">All kinds</option>
            {ACTIVITY_KIND_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
          <SelectField
            id={`${ids}-status`}
            label="Status"
            value={filters.status === undefined ? "" : String(filters.status)}
            onChange={(v) => update({ status: v === "" ? undefined : v === "failed" ? "failed" : Number(v) })}
            hint="HTTP status of SCIM requests."
          >
            <option value="">Any status</option>
            <option value="failed">Failed (400 and above)</option>
            {statusOptions.map((s) => (
              <option key={s} value={String(s)}>
                {s} {statusText(s)}
              </option>
            ))}
          </SelectField>
          <div className="flex min-w-0 flex-col gap-1">
            <label htmlFor={`${ids}-q`} className="text-sm font-medium text-slate-800">
              Search
            </label>
            <input
              id={`${ids}-q`}
              type="search"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              maxLength={200}
              aria-describedby={`${ids}-q-hint`}
              placeholder="e.g. ada@acme.example"
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400"
            />
            <p id={`${ids}-q-hint`} className="text-xs text-slate-600">
              User email or name, request path, admin or reason.
            </p>
          </div>
          <SelectField
            id={`${ids}-period`}
            label="Time"
            value={filters.period ?? ""}
            onChange={(v) => update({ period: (v || undefined) as ActivityFilters["period"] })}
          >
            <option value="">Any time</option>
            {PERIOD_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
            <option value="dates">Between dates (UTC)…</option>
          </SelectField>
          {filters.period === "dates" && (
            <>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${ids}-from`} className="text-sm font-medium text-slate-800">
                  From (UTC day)
                </label>
                <input
                  id={`${ids}-from`}
                  type="date"
                  value={filters.from ?? ""}
                  max={filters.to}
                  onChange={(e) => update({ from: e.target.value || undefined })}
                  className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm"
                />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${ids}-to`} className="text-sm font-medium text-slate-800">
                  To (UTC day, included)
                </label>
                <input
                  id={`${ids}-to`}
                  type="date"
                  value={filters.to ?? ""}
                  min={filters.from}
                  onChange={(e) => update({ to: e.target.value || undefined })}
                  className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm"
                />
              </div>
            </>
          )}
        </form>
        {(hasActivityFilters(filters) || filters.user) && (
          <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3 text-sm">
            {filters.user && (
              <span className="rounded-full bg-blue-50 px-3 py-1 text-blue-900 ring-1 ring-blue-600/30 ring-inset">
                Only activity of <strong>{userName ?? filters.user}</strong>
              </span>
            )}
            {filters.user && (
              <Button variant="ghost" size="sm" onClick={() => update({ user: undefined })}>
                Show all users
              </Button>
            )}
            <Button variant="secondary" size="sm" onClick={() => navigate({ page: 1, size: filters.size })}>
              Clear filters
            </Button>
          </div>
        )}
      </section>

      {query.isError && (
        <Alert tone="error">
          {query.error.message}{" "}
          <button type="button" className="font-medium underline" onClick={() => void query.refetch()}>
            Try again
          </button>
        </Alert>
      )}

      <section aria-labelledby={`${ids}-results`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
          <h2 id={`${ids}-results`} className="text-base font-semibold text-slate-900">
            Entries
          </h2>
          <div className="flex items-center gap-3">
            <p className="text-sm text-slate-600" aria-live="polite">
              {query.isFetching && !page
                ? "Loading…"
                : page && page.total > 0
                  ? `Showing ${number.format(first)}–${number.format(last)} of ${number.format(page.total)}, newest first`
                  : ""}
            </p>
            {page && page.total > 0 && (
              <Button asChild variant="secondary" size="sm">
                {/* A plain download link: the browser streams every matching entry to disk (GET /api/activity/export). */}
                <a href={`/api/activity/export${activityFiltersToSearch({ ...filters, page: 1 })}`} download>
                  Export CSV
                  <span className="text-xs font-normal text-slate-500 tabular-nums">{number.format(page.total)}</span>
                </a>
              </Button>
            )}
            <Button variant="secondary" size="sm" onClick={() => void query.refetch()} disabled={query.isFetching}>
              {query.isFetching ? "Refreshing…" : "Refresh"}
            </Button>
          </div>
        </div>

        {page && page.entries.length === 0 ? (
          <div className="px-4 py-8 text-center text-sm text-slate-700">
            {page.total > 0 ? (
              <p>
                This page is past the end of the list.{" "}
                <button type="button" className="font-medium text-blue-800 underline" onClick={() => update({})}>
                  Go to the first page
                </button>
              </p>
            ) : hasActivityFilters(filters) || filters.user ? (
              <p>No activity matches these filters. Widen the time range or clear the filters.</p>
            ) : (
              <p>
                Nothing recorded yet. SCIM requests from the identity provider, seat changes and settings changes appear
                here as they happen.
              </p>
            )}
          </div>
        ) : (
          <div className={clsx("overflow-x-auto", query.isFetching && page && "opacity-70")}>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Activity log, newest first</caption>
              <TableHead table={table} className="border-b border-slate-200 bg-slate-50 text-slate-700" cellClassName="px-3 py-2 font-medium whitespace-nowrap" />
              <tbody className="divide-y divide-slate-100">
                <TableRows
                  table={table}
                  rowProps={(row) => {
                    const failed = isFailed(row.original);
                    return { "data-failed": failed ? "true" : undefined, className: clsx("align-top", failed && "bg-red-50") };
                  }}
                  cellClassName={(cell, index, row) =>
                    clsx(
                      "px-3 py-2",
                      index === 0 && "text-slate-700",
                      index === 0 && (isFailed(row.original) ? "border-l-4 border-l-red-600" : "border-l-4 border-l-transparent"),
                      cell.column.id === "event" && "min-w-64",
                      cell.column.id === "by" && "min-w-36",
                      cell.column.id === "user" && "min-w-36",
                    )
                  }
                />
              </tbody>
            </table>
          </div>
        )}

        {page && page.total > 0 && (
          <nav
            aria-label="Pages"
            className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm"
          >
            <div className="flex items-center gap-2">
              <label htmlFor={`${ids}-size`} className="text-slate-700">
                Rows per page
              </label>
              <select
                id={`${ids}-size`}
                value={filters.size}
                onChange={(e) => update({ size: Number(e.target.value) })}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
              >
                {PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
            <div className="flex items-center gap-2">
              <Button
                variant="secondary"
                size="sm"
                disabled={filters.page <= 1}
                onClick={() => navigate({ ...filters, page: filters.page - 1 })}
              >
                Previous
              </Button>
              <span className="text-slate-700 tabular-nums">
                Page {number.format(Math.min(filters.page, pages))} of {number.format(pages)}
              </span>
              <Button
                variant="secondary"
                size="sm"
                disabled={filters.page >= pages}
                onClick={() => navigate({ ...filters, page: filters.page + 1 })}
              >
                Next
              </Button>
            </div>
          </nav>
        )}
      </section>
    </div>
  );
}
