"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { TableHead, TableRows } from "@/components/ui/table-parts";
import Link from "next/link";
import { useEffect, useId, useMemo, useState } from "react";
import { setGroupMappingAction } from "@/app/(admin)/groups/actions";
import { LocalTime } from "@/components/activity/local-time";
import { fetchResult } from "@/components/ui/fetch-result";
import { unwrapResult } from "@/lib/action-result";
import type { Role } from "@/db/schema";
import type { GroupListItem } from "@/lib/directory/list-groups";
import type { SavedGroupMapping } from "@/lib/directory/save-group-mapping";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
} from "@/components/ui/alert-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { MappingPreview, useMappingPreview } from "./mapping-preview";
import { seatEffectShort, seatEffectText, type RoleOption, type SeatEffect } from "./seat-effect";
import { formatDay } from "@/lib/format-time";

const number = new Intl.NumberFormat("en");
const column = createColumnHelper<GroupListItem>();

type SaveResult = SavedGroupMapping;

function SeatEffectBadge({ seat }: { seat: SeatEffect }) {
  const tone =
    seat === "Member"
      ? "bg-blue-50 text-blue-900 ring-blue-600/30"
      : seat === "Contributor"
        ? "bg-slate-100 text-slate-800 ring-slate-500/30"
        : "bg-white text-slate-700 ring-slate-400/40";
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tone}`}>
      {seatEffectShort(seat)}
    </span>
  );
}

function savedMessage(result: SaveResult, roleLabel: (role: Role) => string, diEnabled: boolean): string {
  const what = result.role
    ? `'${result.group}' now grants ${roleLabel(result.role)} (${result.role}).`
    : `'${result.group}' no longer grants a role.`;
  if (!diEnabled) return `${what} Directory Integration is off: no seat changed; the mapping applies when DI is turned on.`;
  const changed = result.upgrades + result.downgrades;
  if (changed === 0) return `${what} No seat changed.`;
  return `${what} ${number.format(changed)} seat${changed === 1 ? "" : "s"} changed: ${number.format(result.upgrades)} up, ${number.format(result.downgrades)} down.`;
}

function MapGroupDialog({
  group,
  roles,
  diEnabled,
  onClose,
  onSaved,
}: {
  group: GroupListItem;
  roles: RoleOption[];
  diEnabled: boolean;
  onClose: () => void;
  onSaved: (result: SaveResult) => void;
}) {
  const ids = useId();
  const [role, setRole] = useState<Role | "">(group.role ?? "");
  const chosen = role === "" ? null : role;
  const unchanged = chosen !== null && chosen === group.role;
  const preview = useMappingPreview(group.displayName, chosen, chosen !== null && !unchanged);
  const option = roles.find((r) => r.role === chosen);
  const save = useMutation({
    mutationFn: async () => {
      return unwrapResult(await setGroupMappingAction({ group: group.displayName, role: chosen }));
    },
    onSuccess: onSaved,
  });
  const groupsBySeat = (seat: SeatEffect) => roles.filter((r) => r.seat === seat);

  return (
    <Dialog open onOpenChange={(open) => !open && !save.isPending && onClose()}>
      <DialogContent
        size="lg"
        title={group.role ? `Change the role of “${group.displayName}”` : `Map “${group.displayName}” to a role`}
        description={`Every member of this group (${number.format(group.members)}) gets the role, on top of the roles Okta sends for them. If a user holds several roles, the most privileged seat wins.`}
        preventDismiss={save.isPending}
        hideClose={save.isPending}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={`${ids}-role`} className="text-sm font-medium text-slate-800">
            Role
          </label>
          <select
            id={`${ids}-role`}
            value={role}
            onChange={(e) => setRole(e.target.value as Role | "")}
            aria-describedby={`${ids}-role-hint`}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm"
          >
            <option value="" disabled>
              Choose a role…
            </option>
            {(
              [
                ["Member seat (paid)", "Member"],
                ["Contributor seat (System Admin roles)", "Contributor"],
                ["No seat effect (connector access)", null],
              ] as const
            ).map(([label, seat]) => (
              <optgroup key={label} label={label}>
                {groupsBySeat(seat).map((r) => (
                  <option key={r.role} value={r.role}>
                    {r.label} ({r.role}): {seatEffectShort(r.seat)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p id={`${ids}-role-hint`} className="text-xs text-slate-600">
            {option ? seatEffectText(option.seat) : "The role decides the seat: Member roles give a paid Member seat."}
          </p>
        </div>

        {unchanged && <Alert tone="info">The group is already mapped to this role. Choose another role to change it.</Alert>}
        {!unchanged && chosen !== null && <MappingPreview query={preview} diEnabled={diEnabled} members={group.members} />}
        {save.isError && <Alert tone="error">{save.error.message}</Alert>}

        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary" disabled={save.isPending}>
              Cancel
            </Button>
          </DialogClose>
          <Button disabled={chosen === null || unchanged || !preview.isSuccess || save.isPending} onClick={() => save.mutate()}>
            {save.isPending ? "Saving…" : diEnabled ? "Save mapping and update seats" : "Save mapping"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function UnmapGroupDialog({
  group,
  roleLabel,
  diEnabled,
  onClose,
  onSaved,
}: {
  group: GroupListItem;
  roleLabel: string;
  diEnabled: boolean;
  onClose: () => void;
  onSaved: (result: SaveResult) => void;
}) {
  const preview = useMappingPreview(group.displayName, null, true);
  const save = useMutation({
    mutationFn: async () => {
      return unwrapResult(await setGroupMappingAction({ group: group.displayName, role: null }));
    },
    onSuccess: onSaved,
  });
  return (
    <AlertDialog open onOpenChange={(open) => !open && !save.isPending && onClose()}>
      <AlertDialogContent
        size="lg"
        title={`Remove the mapping of “${group.displayName}”?`}
        description={`Its members stop getting ${roleLabel} (${group.role}) from this group. Roles Okta sends for them directly, and other mapped groups, still count.`}
      >
        <MappingPreview query={preview} diEnabled={diEnabled} members={group.members} />
        {save.isError && <Alert tone="error">{save.error.message}</Alert>}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={save.isPending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            disabled={!preview.isSuccess || save.isPending}
            onClick={(event) => {
              event.preventDefault(); // stay open while saving, to show an error here
              save.mutate();
            }}
          >
            {save.isPending ? "Removing…" : "Remove mapping"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** The Groups page's table: search, map, change and unmap, each with its preview. */
export function GroupsManager({
  initialGroups,
  roles,
  diEnabled,
  retentionDays,
}: {
  initialGroups: GroupListItem[];
  roles: RoleOption[];
  diEnabled: boolean;
  /** How long the activity log keeps entries: a group without a request in it was last pushed before that. */
  retentionDays: number;
}) {
  const ids = useId();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSearch(draft.trim()), 300);
    return () => clearTimeout(timer);
  }, [draft]);
  const [mapping, setMapping] = useState<GroupListItem | null>(null);
  const [unmapping, setUnmapping] = useState<GroupListItem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const groups = useQuery({
    queryKey: ["groups", search],
    queryFn: () => fetchResult<GroupListItem[]>("/api/groups", { search: search || undefined }),
    initialData: search === "" ? initialGroups : undefined,
    placeholderData: keepPreviousData,
  });

  const byRole = useMemo(() => new Map(roles.map((r) => [r.role, r])), [roles]);
  const roleLabel = (role: Role) => byRole.get(role)?.label ?? role;

  const onSaved = (result: SaveResult) => {
    setMapping(null);
    setUnmapping(null);
    setSaved(savedMessage(result, roleLabel, diEnabled));
    // Seats, the activity log and the user lists all changed.
    void queryClient.invalidateQueries();
  };

  const columns = useMemo(
    () => [
      column.accessor("displayName", {
        header: "Group",
        cell: (info) => (
          <div className="flex flex-col">
            <Link href={`/groups/${info.row.original.id}`} className="font-medium break-words text-blue-800 underline hover:text-blue-900">
              {info.getValue()}
            </Link>
            {info.row.original.externalId && (
              <span className="text-xs break-all text-slate-600">IdP id {info.row.original.externalId}</span>
            )}
          </div>
        ),
      }),
      column.accessor("members", {
        header: "Members",
        cell: (info) => <span className="tabular-nums">{number.format(info.getValue())}</span>,
      }),
      column.accessor("lastPushedAt", {
        header: "Last pushed",
        cell: (info) => {
          const at = info.getValue();
          return at === null ? (
            <span className="text-slate-600">Not in the last {number.format(retentionDays)} days of activity</span>
          ) : (
            <span className="text-slate-700">
              <LocalTime at={at} stacked />
            </span>
          );
        },
      }),
      column.accessor("role", {
        header: "Mapped role and what it grants",
        cell: (info) => {
          const role = info.getValue();
          if (!role) return <span className="text-slate-600">Not mapped: membership gives no role</span>;
          const option = byRole.get(role);
          return (
            <div className="flex flex-col gap-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">{option?.label ?? role}</span>
                <code className="font-mono text-xs text-slate-600">{role}</code>
                <SeatEffectBadge seat={option?.seat ?? null} />
              </div>
              {info.row.original.mappedBy && (
                <span className="text-xs text-slate-600">
                  Mapped by {info.row.original.mappedBy}
                  {info.row.original.mappedAt && ` on ${formatDay(info.row.original.mappedAt)}`}
                </span>
              )}
            </div>
          );
        },
      }),
      column.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: (info) => {
          const group = info.row.original;
          return (
            <div className="flex flex-wrap justify-end gap-2">
              <Button
                // A quiet action: a page of unmapped groups is not a wall of primary buttons.
                variant="secondary"
                size="sm"
                aria-label={group.role ? `Change role of ${group.displayName}` : `Map ${group.displayName} to a role`}
                onClick={() => {
                  setSaved(null);
                  setMapping(group);
                }}
              >
                {group.role ? "Change role" : "Map to role"}
              </Button>
              {group.role && (
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove mapping of ${group.displayName}`}
                  onClick={() => {
                    setSaved(null);
                    setUnmapping(group);
                  }}
                >
                  Remove mapping
                </Button>
              )}
            </div>
          );
        },
      }),
    ],
    [byRole, retentionDays],
  );

  const table = useReactTable({
    data: groups.data ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
  });
  const list = groups.data ?? [];

  return (
    <section aria-labelledby={`${ids}-title`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id={`${ids}-title`} className="text-base font-semibold text-slate-900">
            Pushed groups
          </h2>
          <p className="text-sm text-slate-600" aria-live="polite">
            {groups.isFetching && !groups.data
              ? "Loading…"
              : `${number.format(list.length)} group${list.length === 1 ? "" : "s"}${search ? ` matching “${search}”` : ""}`}
          </p>
        </div>
        <div className="flex min-w-56 flex-col gap-1">
          <label htmlFor={`${ids}-search`} className="text-sm font-medium text-slate-800">
            Search groups
          </label>
          <input
            id={`${ids}-search`}
            type="search"
            value={draft}
            maxLength={200}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="Group name"
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400"
          />
        </div>
      </div>

      {saved && (
        <div className="px-4 py-3">
          <Alert tone="success">
            {saved}{" "}
            <Link href="/activity?kind=seat" className="font-medium underline">
              See the seat changes in Activity
            </Link>
          </Alert>
        </div>
      )}
      {groups.isError && (
        <div className="px-4 py-3">
          <Alert tone="error">{groups.error.message}</Alert>
        </div>
      )}

      {list.length === 0 && !groups.isFetching ? (
        <div className="px-4 py-8 text-sm text-slate-700">
          {search ? (
            <p>No group name contains “{search}”.</p>
          ) : (
            <div className="mx-auto flex max-w-xl flex-col gap-2">
              <p className="font-medium text-slate-900">No groups yet.</p>
              <p>
                Groups appear here when the identity provider pushes them. In Okta, open the app&apos;s{" "}
                <strong>Push Groups</strong> tab, select <strong>Push Groups › Find groups by name</strong>, pick the
                groups whose members should get a role, and save. Then map each one to a role here.
              </p>
            </div>
          )}
        </div>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Groups pushed by the identity provider</caption>
            <TableHead table={table} className="border-b border-slate-200 bg-slate-50 text-slate-700" cellClassName="px-4 py-2 font-medium" />
            <tbody className="divide-y divide-slate-100">
              <TableRows table={table} rowProps={() => ({ className: "align-top" })} cellClassName="px-4 py-3" />
            </tbody>
          </table>
        </div>
      )}

      {mapping && (
        <MapGroupDialog
          key={mapping.id}
          group={mapping}
          roles={roles}
          diEnabled={diEnabled}
          onClose={() => setMapping(null)}
          onSaved={onSaved}
        />
      )}
      {unmapping && unmapping.role && (
        <UnmapGroupDialog
          key={unmapping.id}
          group={unmapping}
          roleLabel={roleLabel(unmapping.role)}
          diEnabled={diEnabled}
          onClose={() => setUnmapping(null)}
          onSaved={onSaved}
        />
      )}
    </section>
  );
}
