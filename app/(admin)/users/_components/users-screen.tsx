"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RowSelectionState } from "@tanstack/react-table";
import { clsx } from "clsx";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { fetchResult } from "@/components/ui/fetch-result";
import { Pagination } from "@/components/ui/pagination";
import { SelectField } from "@/components/ui/select-field";
import { AddGuestDialog } from "./add-guest-dialog";
import { BULK_ACTION_LABELS, BulkActionDialog } from "./bulk-action-dialog";
import { BulkJobDialog } from "./bulk-job-dialog";
import { BulkJobPanel, useCurrentBulkJob } from "./bulk-job-panel";
import { formatDate, formatNumber, plural, SOURCE_SHORT } from "./format";
import { SeatBadge } from "./seat-badge";
import { ColumnChooser, useColumnVisibility, type ChoosableColumn } from "./column-chooser";
import { UsersTable, type UsersTableColumn } from "./users-table";
import type {
  UserCounter,
  UserCounterFilter,
  UserCounterKey,
  UserList as UserListView,
  UserRow as UserRowView,
} from "@/lib/directory/browse-users";
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

const COUNTER_LABELS: Record<UserCounterKey, string> = {
  Member: "Members",
  "Provisional Member": "Provisional",
  Contributor: "Contributors",
  Guest: "Guests",
  "No Access": "No Access",
  deactivated: "Deactivated",
  notSignedInYet: "Not signed in yet",
};

/** The URL filters of a counter's list: the counter's own filters (lib), nothing else. */
function counterFilters(f: UserCounterFilter): Pick<UserFilters, "seat" | "status" | "pending"> {
  return { seat: f.seat ?? null, status: f.status ?? null, pending: f.pending };
}

function counterMatches(f: UserFilters, c: UserCounter): boolean {
  const want = counterFilters(c.filter);
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
  counters,
  filters,
  onPick,
}: {
  counters: UserCounter[];
  filters: UserFilters;
  onPick: (f: Partial<UserFilters>) => void;
}) {
  const notSignedInYet = counters.find((c) => c.key === "notSignedInYet")?.count ?? 0;
  return (
    <section aria-labelledby="seat-counters-title">
      <h2 id="seat-counters-title" className="sr-only">
        Seat counters
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-7">
        {counters.map((c) => {
          const active = counterMatches(filters, c);
          const pendingShare = c.key === "Contributor" && notSignedInYet > 0;
          return (
            <li key={c.key}>
              <button
                type="button"
                aria-pressed={active}
                onClick={() => onPick(active ? {} : counterFilters(c.filter))}
                className={clsx(
                  "flex h-full w-full flex-col items-start rounded-lg border px-3 py-2 text-left shadow-sm transition-colors",
                  active ? "border-blue-600 bg-blue-50 ring-1 ring-blue-600" : "border-slate-200 bg-white hover:border-slate-300 hover:bg-slate-50",
                )}
              >
                <span className="text-xl font-semibold text-slate-900 tabular-nums" data-counter={c.key}>
                  {formatNumber(c.count)}
                </span>
                <span className="text-xs font-medium text-slate-600">{COUNTER_LABELS[c.key]}</span>
                {pendingShare && (
                  <span className="text-xs text-slate-500">incl. {formatNumber(notSignedInYet)} not signed in yet</span>
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
  hint,
  onChange,
}: {
  label: string;
  value: T | null;
  options: readonly { value: T; label: string }[];
  anyLabel: string;
  hint?: string;
  onChange: (v: T | null) => void;
}) {
  const id = useId();
  return (
    <SelectField id={id} label={label} value={value ?? ""} onChange={(v) => onChange(v === "" ? null : (v as T))} {...(hint ? { hint } : {})}>
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

/**
 * An email that wraps only before its "@" (issue 13: "example.co m" broke mid-word), and
 * inside a part only when that part alone is wider than the column.
 */
function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return <span className="break-words">{email}</span>;
  return (
    <span className="break-words">
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </span>
  );
}

function SignInDate({ at, never }: { at: number | null; never: string }) {
  return <span className="whitespace-nowrap">{at ? formatDate(at) : <span className="text-slate-500">{never}</span>}</span>;
}

const columns: UsersTableColumn[] = [
  {
    id: "name",
    header: "Name",
    enableHiding: false,
    meta: { rowHeader: true, className: "min-w-36", sort: "name" },
    cell: ({ row: { original: u } }) => (
      <div className="flex min-w-0 flex-col">
        <Link href={`/users/${u.id}`} className="font-medium break-words text-blue-800 hover:underline">
          {u.name ?? <EmailText email={u.userName} />}
        </Link>
        {u.name && u.userName.toLowerCase() !== (u.email ?? "").toLowerCase() && (
          <span className="text-slate-600">
            <EmailText email={u.userName} />
          </span>
        )}
      </div>
    ),
  },
  {
    id: "email",
    header: "Email",
    meta: { className: "min-w-36", sort: "email" },
    cell: ({ row: { original: u } }) =>
      u.email ? (
        <span className="text-slate-700">
          <EmailText email={u.email} />
        </span>
      ) : (
        <span className="text-slate-500">No email</span>
      ),
  },
  {
    id: "seat",
    header: "Seat",
    meta: { sort: "seat" },
    cell: ({ row: { original: u } }) => (
      <div className="flex flex-col items-start">
        <SeatBadge seat={u.seatType} status={u.status} />
        {u.pendingOverride && <Marker tone="warn">Pending override</Marker>}
        {u.status === "active" && u.reviewEndsAt != null && <Marker tone="info">Review ends {formatDate(u.reviewEndsAt)}</Marker>}
      </div>
    ),
  },
  {
    id: "seatFrom",
    header: "Seat from",
    meta: { className: "min-w-40" },
    cell: ({ row: { original: u } }) => <SeatFrom user={u} />,
  },
  {
    id: "status",
    header: "Status",
    meta: { sort: "status" },
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
    meta: { sort: "source" },
    cell: ({ row: { original: u } }) => <span className="whitespace-nowrap">{SOURCE_SHORT[u.source]}</span>,
  },
  {
    id: "firstSignIn",
    header: "First sign-in",
    meta: { sort: "firstSignIn" },
    cell: ({ row: { original: u } }) => <SignInDate at={u.firstSignInAt} never="Not yet" />,
  },
  {
    id: "lastSignIn",
    header: "Last sign-in",
    meta: { sort: "lastSignIn" },
    cell: ({ row: { original: u } }) => <SignInDate at={u.lastSignInAt} never="Never" />,
  },
  {
    id: "lastSynced",
    header: "Last synced",
    cell: ({ row: { original: u } }) => (
      <SignInDate at={u.lastSyncedAt} never={u.source === "scim" ? "Not in the kept log" : "Not from the IdP"} />
    ),
  },
  {
    id: "reviewEnds",
    header: "Review ends",
    cell: ({ row: { original: u } }) =>
      u.reviewEndsAt != null ? (
        <span className="whitespace-nowrap">{formatDate(u.reviewEndsAt)}</span>
      ) : (
        <span className="text-slate-500">—</span>
      ),
  },
  {
    id: "systemAdmin",
    header: "System Admin",
    cell: ({ row: { original: u } }) =>
      u.systemAdminRoles.length === 0 ? (
        <span className="text-slate-500">No</span>
      ) : (
        <div className="flex flex-col">
          <span className="font-medium text-slate-900">Yes</span>
          <span className="text-xs break-words text-slate-600">{u.systemAdminRoles.join(", ")}</span>
        </div>
      ),
  },
];

/** The columns an admin can hide or show (Name always shows: it opens the user). */
const CHOOSABLE_COLUMNS: ChoosableColumn[] = [
  { id: "email", label: "Email", defaultVisible: true },
  { id: "seat", label: "Seat", defaultVisible: true },
  { id: "seatFrom", label: "Seat from (roles and groups)", defaultVisible: true },
  { id: "status", label: "Status", defaultVisible: true },
  { id: "source", label: "Source", defaultVisible: false },
  { id: "firstSignIn", label: "First sign-in", defaultVisible: false },
  { id: "lastSignIn", label: "Last sign-in", defaultVisible: true },
  { id: "lastSynced", label: "Last synced (the IdP's last SCIM request about the user)", defaultVisible: false },
  { id: "reviewEnds", label: "Review ends (Provisional Members)", defaultVisible: false },
  { id: "systemAdmin", label: "System Admin rights", defaultVisible: true },
];

const SETTER_LABELS: Record<UserRowView["seatSetBy"], string> = {
  di: "Directory Integration",
  admin: "An admin",
  system: "The product (review period)",
  default: "The default seat",
};

/** Where the seat comes from: who set it, and the roles behind it with their origin. */
function SeatFrom({ user: u }: { user: UserRowView }) {
  if (u.status === "deactivated") return <span className="text-slate-500">No seat while deactivated</span>;
  return (
    <div className="flex flex-col gap-0.5">
      <span className="text-slate-800">{SETTER_LABELS[u.seatSetBy]}</span>
      {u.roles.length === 0 ? (
        <span className="text-xs text-slate-600">No role, no mapped group</span>
      ) : (
        <ul className="flex flex-col text-xs text-slate-600">
          {u.roles.map((r) => (
            <li key={`${r.role}-${r.group ?? ""}`} className="break-words">
              <span className="font-mono text-slate-800">{r.role}</span> {r.group ? `from group ${r.group}` : "from the IdP"}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

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
    // Read the URL when the timer fires, not the filters of the render that armed it: a
    // counter or filter clicked meanwhile must not be undone, and Enter may have applied it.
    const timer = setTimeout(() => {
      const current = parseUserFilters(new URLSearchParams(window.location.search));
      if (current.q !== text.trim()) navigate({ ...current, page: 1, q: text.trim() }, true);
    }, 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-arm only when the text changes
  }, [text]);

  const [selection, setSelection] = useState<RowSelectionState>({});
  /** Every user the filter matches is selected, not only the page (the action then runs as a job). */
  const [allMatching, setAllMatching] = useState(false);
  // Other filters or another page: the selection was of rows no longer shown.
  const [selectionKey, setSelectionKey] = useState(key);
  if (selectionKey !== key) {
    setSelectionKey(key);
    setSelection({});
    setAllMatching(false);
  }
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [jobAction, setJobAction] = useState<BulkAction | null>(null);

  // The bulk job shown on the screen: the one the admin left running, else the server's current one.
  const currentJob = useCurrentBulkJob();
  const [followedJobId, setFollowedJobId] = useState<string | null>(null);
  const [dismissedJobId, setDismissedJobId] = useState<string | null>(null);
  const serverJob = currentJob.data && currentJob.data.id !== dismissedJobId ? currentJob.data : null;
  const panelJobId = followedJobId ?? serverJob?.id ?? null;

  const data = list.data;
  const pageUsers = data?.users ?? [];
  const pageSelected = pageUsers.length > 0 && pageUsers.every((u) => selection[u.id]);
  const canSelectAllMatching = pageSelected && data !== undefined && data.total > pageUsers.length;
  const selectingAll = allMatching && canSelectAllMatching;
  const selectedCount = selectingAll ? data.total : selectedIds.length;
  const counters = data?.counters ?? initialList.counters;
  const searchId = useId();
  const filtered = hasActiveFilters(filters);
  const columnsShown = useColumnVisibility(CHOOSABLE_COLUMNS);

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

      <SeatCounters counters={counters} filters={filters} onPick={(f) => set({ ...DEFAULT_FILTERS, q: filters.q, size: filters.size, ...f })} />

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
          <SelectFilter
              label="Not signed in yet"
              hint="Active users the IdP provisioned with no role and no group who never signed in. The main list leaves them out."
              value={filters.pending === "exclude" ? null : filters.pending}
              anyLabel="Left out"
              options={[
                { value: "only", label: "Only them" },
                { value: "include", label: "Included" },
              ]}
              onChange={(pending) => set({ pending: pending ?? "exclude" })}
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

      {panelJobId && jobAction === null && (
        <BulkJobPanel
          key={panelJobId}
          jobId={panelJobId}
          {...(serverJob && serverJob.id === panelJobId ? { initial: serverJob } : {})}
          onDismiss={() => {
            setDismissedJobId(panelJobId);
            setFollowedJobId(null);
          }}
        />
      )}

      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <section aria-label="Bulk actions" className="flex min-h-9 flex-wrap items-center gap-2">
          {selectedIds.length === 0 ? (
            <p className="text-sm text-slate-600">
              Select users to set Contributor or No Access, or to deactivate them. Each user is checked before anything
              changes.
            </p>
          ) : (
            <>
              <span className="text-sm font-medium text-slate-900" aria-live="polite" data-testid="selected-count">
                {selectingAll
                  ? `All ${formatNumber(selectedCount)} ${filtered ? "matching users" : "users"} selected`
                  : `${formatNumber(selectedCount)} selected`}
              </span>
              {BULK_ACTIONS.map((a) => (
                <Button key={a} variant="secondary" size="sm" onClick={() => (selectingAll ? setJobAction(a) : setBulk(a))}>
                  {BULK_ACTION_LABELS[a].button}
                </Button>
              ))}
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  setSelection({});
                  setAllMatching(false);
                }}
              >
                Clear selection
              </Button>
              {canSelectAllMatching && (
                <span className="text-sm text-slate-700">
                  {selectingAll ? (
                    <Button variant="ghost" size="sm" className="text-blue-800 underline underline-offset-2" onClick={() => setAllMatching(false)}>
                      Select only the {formatNumber(pageUsers.length)} users on this page
                    </Button>
                  ) : (
                    <Button variant="ghost" size="sm" className="text-blue-800 underline underline-offset-2" onClick={() => setAllMatching(true)}>
                      Select all {formatNumber(data.total)} users {filtered ? "matching this filter" : "in this list"}
                    </Button>
                  )}
                </span>
              )}
            </>
          )}
        </section>
        <div className="flex flex-wrap items-center gap-3">
        {data && (
          <p className="text-sm font-medium text-slate-700" data-testid="match-count">
            {plural(data.total, filters.pending === "only" ? "user not signed in yet" : "user", filters.pending === "only" ? "users not signed in yet" : "users")}
            {filtered ? (data.total === 1 ? " matches" : " match") : " in this list"}
          </p>
        )}
          {data && data.total > 0 && (
            <Button asChild variant="secondary" size="sm">
              {/* A plain download link: the browser streams the file to disk (GET /api/users/export). */}
              <a href={`/api/users/export${userFiltersToSearch({ ...filters, page: 1 })}`} download>
                Export CSV
                <span className="text-xs font-normal text-slate-500 tabular-nums">{formatNumber(data.total)}</span>
              </a>
            </Button>
          )}
          <ColumnChooser
            columns={CHOOSABLE_COLUMNS}
            visibility={columnsShown.visibility}
            onChange={columnsShown.setVisible}
            onReset={columnsShown.reset}
          />
        </div>
      </div>

      <UsersTable
        columns={columns}
        data={data?.users ?? []}
        columnVisibility={columnsShown.visibility}
        sort={filters.sort}
        dir={filters.dir}
        onSort={(sort, dir) => set({ sort, dir })}
        rowSelection={selection}
        onRowSelectionChange={(change) => {
          // A row (un)checked by hand: back to the rows as ticked.
          setAllMatching(false);
          setSelection(change);
        }}
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
          itemLabel={filters.pending === "only" ? "users not signed in yet" : "users"}
          itemLabelOne={filters.pending === "only" ? "user not signed in yet" : "user"}
          page={data.page}
          pageSize={data.pageSize}
          total={data.total}
          pageSizes={PAGE_SIZES}
          onPageChange={(page) => set({ page }, { keepPage: true })}
          onPageSizeChange={(size) => set({ size: size as PageSize })}
        />
      )}

      <BulkJobDialog
        action={jobAction}
        filters={userFiltersToSearch({ ...filters, page: 1 })}
        onClose={({ started, runningJobId }) => {
          setJobAction(null);
          if (started) {
            setSelection({});
            setAllMatching(false);
          }
          if (runningJobId) {
            setFollowedJobId(runningJobId);
            setDismissedJobId(null);
          }
        }}
      />

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
