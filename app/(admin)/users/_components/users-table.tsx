"use client";

import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowData,
  type RowSelectionState,
  type VisibilityState,
} from "@tanstack/react-table";
import { clsx } from "clsx";
import { useEffect, useMemo, useRef, type InputHTMLAttributes, type ReactNode } from "react";
import type { UserRow } from "@/lib/directory/browse-users";
import type { SortDirection, UserSort } from "@/lib/directory/list-users";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The server-side sort this column's header sets (lib/directory/list-users.ts). */
    sort?: UserSort;
  }
}

// TanStack types column lists as ColumnDef<T, any>: each column has its own value type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UsersTableColumn = ColumnDef<UserRow, any>;

/** A checkbox that can show "some selected" (indeterminate is a DOM property, not an attribute). */
function SelectCheckbox({ indeterminate, ...props }: InputHTMLAttributes<HTMLInputElement> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = Boolean(indeterminate) && !props.checked;
  }, [indeterminate, props.checked]);
  return <input ref={ref} type="checkbox" className="size-4 cursor-pointer rounded border-slate-400 accent-blue-700" {...props} />;
}

function SortIcon({ dir }: { dir: SortDirection | null }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 12 12" className={clsx("size-3 shrink-0", dir ? "text-blue-700" : "text-slate-400")} fill="currentColor">
      {dir !== "desc" && <path d="M6 1.5 9.5 5.5h-7z" />}
      {dir !== "asc" && <path d="M6 10.5 2.5 6.5h7z" />}
    </svg>
  );
}

export interface UsersTableProps {
  columns: UsersTableColumn[];
  data: UserRow[];
  /** Column ids shown; the others are hidden (the column chooser). */
  columnVisibility: VisibilityState;
  sort: UserSort;
  dir: SortDirection;
  onSort: (sort: UserSort, dir: SortDirection) => void;
  rowSelection: RowSelectionState;
  onRowSelectionChange: OnChangeFn<RowSelectionState>;
  loading: boolean;
  empty: ReactNode;
}

/**
 * The users list's table: one server-side page (TanStack Table in manual mode), headers that
 * sort on the server and say so with aria-sort, row selection, hideable columns. Not
 * components/ui/data-table.tsx: that table has no sortable headers nor hidden columns.
 */
export function UsersTable({
  columns,
  data,
  columnVisibility,
  sort,
  dir,
  onSort,
  rowSelection,
  onRowSelectionChange,
  loading,
  empty,
}: UsersTableProps) {
  const allColumns = useMemo<UsersTableColumn[]>(
    () => [
      {
        id: "select",
        enableHiding: false,
        meta: { className: "w-10" },
        header: ({ table }) => (
          <SelectCheckbox
            aria-label="Select every user on this page"
            checked={table.getIsAllPageRowsSelected()}
            indeterminate={table.getIsSomePageRowsSelected()}
            onChange={table.getToggleAllPageRowsSelectedHandler()}
            disabled={table.getRowModel().rows.length === 0}
          />
        ),
        cell: ({ row }) => (
          <SelectCheckbox
            aria-label={`Select ${row.original.userName}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
      ...columns,
    ],
    [columns],
  );

  const table = useReactTable<UserRow>({
    data,
    columns: allColumns,
    getRowId: (u) => u.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualFiltering: true,
    manualSorting: true,
    enableRowSelection: true,
    state: { rowSelection, columnVisibility },
    onRowSelectionChange,
  });

  const rows = table.getRowModel().rows;
  const visibleCount = table.getVisibleLeafColumns().length;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" aria-busy={loading || undefined}>
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const columnSort = meta?.sort;
                const current = columnSort === sort ? dir : null;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={columnSort ? (current === "asc" ? "ascending" : current === "desc" ? "descending" : "none") : undefined}
                    className={clsx("px-3 py-2 font-medium whitespace-nowrap", meta?.className)}
                  >
                    {columnSort ? (
                      <button
                        type="button"
                        onClick={() => onSort(columnSort, current === "asc" ? "desc" : "asc")}
                        className={clsx(
                          "-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-200/60 hover:text-slate-900",
                          current && "text-slate-900",
                        )}
                      >
                        {label}
                        <SortIcon dir={current} />
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className={clsx("divide-y divide-slate-100", loading && "opacity-60")}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={visibleCount} className="px-3 py-10 text-center text-slate-600">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id} className={clsx(row.getIsSelected() ? "bg-blue-50/60" : "hover:bg-slate-50")}>
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  const Cell = meta?.rowHeader ? "th" : "td";
                  return (
                    <Cell
                      key={cell.id}
                      {...(meta?.rowHeader ? { scope: "row" } : {})}
                      className={clsx("px-3 py-2 align-top font-normal", meta?.className)}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Cell>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
