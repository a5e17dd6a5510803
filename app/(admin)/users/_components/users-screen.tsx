"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RowSelectionState } from "@tanstack/react-table";
import { clsx } from "clsx";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { fetchResult } from "@/components/ui/fetch-result";
import { Pagination } from "@/components/ui/pagination";
import { SelectField } from "@/components/ui/select-field";
import { AddGuestDialog } from "./add-guest-dialog";
import { BULK_ACTION_LABELS, BulkActionDialog } from "./bulk-action-dialog";
import { formatDate, formatNumber, plural, SOURCE_SHORT } from "./format";
import { SeatBadge } from "./seat-badge";
import type { SeatCounts, UserList as UserListView, UserRow as UserRowView } from "@/lib/directory/browse-users";
import type { BulkAction } from "@/lib/directory/run-bulk-action";
import {
  DEFAULT_FILTERS,
  hasActiveFilters,
  PAGE_SIZES,
  parseUserFilters,
  SEAT_TYPES,
  USER_SOURCES,
  userFiltersToSearch,
  type PageSize,
  type UserFilters,
} from "./user-filters";

/** Filters change the URL without a server round trip (Next syncs useSearchParams with history). */
function navigate(filters: UserFilters, replace: boolean) {
  const url = `/users${userFiltersToSearch(filters)}`;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
}

const COUNTERS: { key: keyof SeatCounts; label: string; filters: Partial<UserFilters> }[] = [
  { key: "Member", label: "Members", filters: { seat: "Member", status: "active" } },
  { key: "Provisional Member", label: "Provisional", filters: { seat: "Provisional Member", status: "active" } },
  { key: "Contributor", label: "Contributors", filters: { seat: "Contributor", status: "active" } },
  { key: "Guest", label: "Guests", filters: { seat: "Guest", status: "active" } },
  { key: "No Access", label: "No Access", filters: { seat: "No Access", status: "active" } },
  { key: "deactivated", label: "Deactivated", filters: { status: "deactivated" } },
  { key: "notSignedInYet", label: "Not signed in yet", filters: { pending: true } },
];

function counterMatches(f: UserFilters, c: (typeof COUNTERS)[number]): boolean {
  const want = { ...DEFAULT_FILTERS, ...c.filters };
  return (
    f.seat === want.seat &&
    f.status === want.status &&
    f.pending === want.pending &&
    !f.source &&
    !f.pendingOverride &&
    !f.reactivationRequested
  );
}

function SeatCounters({
  counts,
  filters,
  onPick,
}: {
  counts: SeatCounts;
  filters: UserFilters;
  onPick: (f: Partial<UserFilters>) => void;
}) {
  return (
    <section aria-labelledby="seat-counters-title">
      <h2 id="seat-counters-title" className="sr-only">
        Seat counters
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-7">
        {COUNTERS.map((c) => {
          const active = counterMatches(filters, c);
          const pendingShare = c.key === "Contributor" && counts.notSignedInYet > 0;
          return (
            <li key={c.key}>
              <button
                type="button"
                aria-pressed={active}
                onClick={() => onPick(active ? {} : c.filters)}
                className={clsx(
                  "flex h-full w-full flex-col items-start rounded-lg border px-3 py-2 text-left shadow-sm transition-colors",
                  active ? "border-blue-600 bg-blue-50 ring-1 ring-blue-600" : "border-slate-200 bg-white hover:border-slate-300 hover:bg-slate-50",
                )}
              >
                <span className="text-xl font-semibold text-slate-900 tabular-nums" data-counter={c.key}>
                  {formatNumber(counts[c.key])}
                </span>
                <span className="text-xs font-medium text-slate-600">{c.label}</span>
                {pendingShare && (
                  <span className="text-xs text-slate-500">incl. {formatNumber(counts.notSignedInYet)} not signed in yet</span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function SelectFilter<T extends string>({
  label,
  value,
  options,
  anyLabel,
  onChange,
}: {
  label: string;
  value: T | null;
  options: readonly { value: T; label: string }[];
  anyLabel: string;
  onChange: (v: T | null) => void;
}) {
  const id = useId();
  return (
    <SelectField id={id} label={label} value={value ?? ""} onChange={(v) => onChange(v === "" ? null : (v as T))}>
      <option value="">{anyLabel}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </SelectField>
  );
}

function CheckFilter({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-hint`}
        className="mt-0.5 size-4 accent-blue-700"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      </div>
    </div>
  );
}

function Marker({ children, tone }: { children: ReactNode; tone: "warn" | "info" }) {
  return (
    <span
      className={clsx(
        "mt-1 inline-flex rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap",
        tone === "warn" ? "bg-amber-50 text-amber-900" : "bg-blue-50 text-blue-900",
      )}
    >
      {children}
    </span>
  );
}

const columns: DataTableColumn<UserRowView>[] = [
  {
    id: "user",
    header: "User",
    meta: { rowHeader: true, className: "min-w-56" },
    cell: ({ row: { original: u } }) => (
      <div className="flex min-w-0 flex-col">
        <Link href={`/users/${u.id}`} className="font-medium break-all text-blue-800 hover:underline">
          {u.name ?? u.userName}
        </Link>
        {u.name && <span className="break-all text-slate-600">{u.userName}</span>}
        {u.email && u.email.toLowerCase() !== u.userName.toLowerCase() && (
          <span className="break-all text-slate-600">{u.email}</span>
        )}
      </div>
    ),
  },
  {
    id: "seat",
    header: "Seat",
    cell: ({ row: { original: u } }) => (
      <div className="flex flex-col items-start">
        <SeatBadge seat={u.seatType} status={u.status} />
        {u.pendingOverride && <Marker tone="warn">Pending override</Marker>}
      </div>
    ),
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row: { original: u } }) => (
      <div className="flex flex-col items-start">
        <span className={u.status === "active" ? "text-slate-800" : "font-medium text-red-800"}>
          {u.status === "active" ? "Active" : "Deactivated"}
        </span>
        {u.status === "deactivated" && u.reactivationRequestedAt != null && <Marker tone="info">Reactivation requested</Marker>}
      </div>
    ),
  },
  {
    id: "source",
    header: "Source",
    cell: ({ row: { original: u } }) => <span className="whitespace-nowrap">{SOURCE_SHORT[u.source]}</span>,
  },
  {
    id: "signIn",
    header: "First sign-in",
    cell: ({ row: { original: u } }) => (
      <span className="whitespace-nowrap">{u.firstSignInAt ? formatDate(u.firstSignInAt) : <span className="text-slate-500">Not yet</span>}</span>
    ),
  },
];

const BULK_ACTIONS: BulkAction[] = ["Contributor", "No Access", "deactivate"];

export function UsersScreen({ initialSearch, initialList }: { initialSearch: string; initialList: UserListView }) {
  const params = useSearchParams();
  const filters = useMemo(() => parseUserFilters(params), [params]);
  const key = userFiltersToSearch(filters);

  const list = useQuery({
    queryKey: ["users", "list", key],
    queryFn: () => fetchResult<UserListView>(`/api/users${key}`),
    placeholderData: keepPreviousData,
    ...(key === initialSearch ? { initialData: initialList } : {}),
  });

  const set = (patch: Partial<UserFilters>, options: { replace?: boolean; keepPage?: boolean } = {}) => {
    navigate({ ...filters, ...(options.keepPage ? {} : { page: 1 }), ...patch }, options.replace ?? false);
  };

  // Search: typed text is applied after a short pause, and at once on Enter.
  const [text, setText] = useState(filters.q);
  // The URL's search changed (back, a counter, Clear): show it, unless the typed text already says it.
  const [shownQ, setShownQ] = useState(filters.q);
  if (shownQ !== filters.q) {
    setShownQ(filters.q);
    if (text.trim() !== filters.q) setText(filters.q);
  }
  useEffect(() => {
    if (text.trim() === filters.q) return;
    const timer = setTimeout(() => set({ q: text.trim() }, { replace: true }), 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-arm only when the text changes
  }, [text]);

  const [selection, setSelection] = useState<RowSelectionState>({});
  // Other filters or another page: the selection was of rows no longer shown.
  const [selectionKey, setSelectionKey] = useState(key);
  if (selectionKey !== key) {
    setSelectionKey(key);
    setSelection({});
  }
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const [bulk, setBulk] = useState<BulkAction | null>(null);

  const data = list.data;
  const counts = data?.counts ?? initialList.counts;
  const searchId = useId();
  const filtered = hasActiveFilters(filters);

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <h1 className="text-2xl font-semibold text-slate-900">Users</h1>
          <p className="mt-1 text-sm text-slate-600">
            Everyone on the plan and their seat. While Directory Integration is on, the identity provider decides Members and
            Contributors; here you make the changes it does not: No Access, Guests, Provisional Members back to Contributor,
            and deactivation. Open a user to see why they hold their seat.
          </p>
        </div>
        <AddGuestDialog />
      </div>

      <SeatCounters counts={counts} filters={filters} onPick={(f) => set({ ...DEFAULT_FILTERS, q: filters.q, size: filters.size, ...f })} />

      <section aria-label="Search and filters" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <form
          role="search"
          className="flex flex-col gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: text.trim() });
          }}
        >
          <label htmlFor={searchId} className="text-sm font-medium text-slate-800">
            Search users
          </label>
          <div className="flex gap-2">
            <input
              id={searchId}
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Start of an email, username or name"
              aria-describedby={`${searchId}-hint`}
              className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400"
            />
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </div>
          <p id={`${searchId}-hint`} className="text-xs text-slate-600">
            Everything matches from its start: an email or username (<code>ada</code> finds ada@acme.example), a full name (<code>ada lov</code>) or a family name (<code>lovelace</code>).
          </p>
        </form>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <SelectFilter
            label="Seat"
            value={filters.seat}
            anyLabel="All seats"
            options={SEAT_TYPES.map((s) => ({ value: s, label: s }))}
            onChange={(seat) => set({ seat })}
          />
          <SelectFilter
            label="Status"
            value={filters.status}
            anyLabel="Active and deactivated"
            options={[
              { value: "active", label: "Active" },
              { value: "deactivated", label: "Deactivated" },
            ]}
            onChange={(status) => set({ status })}
          />
          <SelectFilter
            label="Source"
            value={filters.source}
            anyLabel="All sources"
            options={USER_SOURCES.map((s) => ({ value: s, label: SOURCE_SHORT[s] }))}
            onChange={(source) => set({ source })}
          />
        </div>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <CheckFilter
            label="Not signed in yet"
            hint="Provisioned by the IdP with no role and no group, never signed in. They are left out of the main list."
            checked={filters.pending}
            onChange={(pending) => set({ pending })}
          />
          <CheckFilter
            label="Pending override"
            hint="An admin changed the seat of a user Directory Integration manages; the next sync replaces it."
            checked={filters.pendingOverride}
            onChange={(pendingOverride) => set({ pendingOverride })}
          />
          <CheckFilter
            label="Reactivation requested"
            hint="The IdP asked to reactivate a deactivated user; only an admin can (with DI off)."
            checked={filters.reactivationRequested}
            onChange={(reactivationRequested) => set({ reactivationRequested })}
          />
        </div>
        {filtered && (
          <div>
            <Button variant="ghost" size="sm" onClick={() => set({ ...DEFAULT_FILTERS, size: filters.size })}>
              Clear search and filters
            </Button>
          </div>
        )}
      </section>

      {list.isError && <Alert tone="error">{list.error.message}</Alert>}

      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <section aria-label="Bulk actions" className="flex min-h-9 flex-wrap items-center gap-2">
          {selectedIds.length === 0 ? (
            <p className="text-sm text-slate-600">
              Select users to set Contributor or No Access, or to deactivate them. Each user is checked before anything
              changes.
            </p>
          ) : (
            <>
              <span className="text-sm font-medium text-slate-900" aria-live="polite">
                {formatNumber(selectedIds.length)} selected
              </span>
              {BULK_ACTIONS.map((a) => (
                <Button key={a} variant="secondary" size="sm" onClick={() => setBulk(a)}>
                  {BULK_ACTION_LABELS[a].button}
                </Button>
              ))}
              <Button variant="ghost" size="sm" onClick={() => setSelection({})}>
                Clear selection
              </Button>
            </>
          )}
        </section>
        {data && (
          <p className="text-sm font-medium text-slate-700" data-testid="match-count">
            {plural(data.total, filters.pending ? "user not signed in yet" : "user", filters.pending ? "users not signed in yet" : "users")}
            {filtered ? (data.total === 1 ? " matches" : " match") : " in this list"}
          </p>
        )}
      </div>

      <DataTable
        caption="Users"
        columns={columns}
        data={data?.users ?? []}
        getRowId={(u) => u.id}
        pageCount={data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1}
        rowSelection={selection}
        onRowSelectionChange={setSelection}
        rowLabel={(u) => `Select ${u.userName}`}
        selectAllLabel="Select every user on this page"
        loading={list.isFetching}
        empty={
          filtered ? (
            <>No users match this search and these filters.</>
          ) : (
            <>No users yet. Users appear here when the identity provider provisions them, or when you add a Guest.</>
          )
        }
      />

      {data && (
        <Pagination
          label="Users pages"
          itemLabel={filters.pending ? "users not signed in yet" : "users"}
          itemLabelOne={filters.pending ? "user not signed in yet" : "user"}
          page={data.page}
          pageSize={data.pageSize}
          total={data.total}
          pageSizes={PAGE_SIZES}
          onPageChange={(page) => set({ page }, { keepPage: true })}
          onPageSizeChange={(size) => set({ size: size as PageSize })}
        />
      )}

      <BulkActionDialog
        action={bulk}
        userIds={selectedIds}
        onClose={(changed) => {
          setBulk(null);
          if (changed) setSelection({});
        }}
      />
    </div>
  );
}
