"use client";

import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowData,
  type RowSelectionState,
} from "@tanstack/react-table";
import { clsx } from "clsx";
import { TableHead } from "./table-parts";
import { useEffect, useMemo, useRef, type InputHTMLAttributes, type ReactNode } from "react";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Classes for the column's cells (th and td), e.g. alignment or a min width. */
    className?: string;
    /** Render the cell as the row's header (<th scope="row">), for screen readers. */
    rowHeader?: boolean;
  }
}

/** A checkbox that can show "some selected" (indeterminate is a DOM property, not an attribute). */
function SelectCheckbox({ indeterminate, ...props }: InputHTMLAttributes<HTMLInputElement> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = Boolean(indeterminate) && !props.checked;
  }, [indeterminate, props.checked]);
  return <input ref={ref} type="checkbox" className="size-4 cursor-pointer rounded border-slate-400 accent-blue-700" {...props} />;
}

// TanStack's own examples type column lists as ColumnDef<T, any>: each column has its own value type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataTableColumn<T> = ColumnDef<T, any>;

export interface DataTableProps<T> {
  /** The table's accessible name (a visually hidden caption). */
  caption: string;
  columns: DataTableColumn<T>[];
  data: T[];
  getRowId: (row: T) => string;
  /** Server-side (manual) pagination: the rows are one page; the caller draws the pager. */
  pageCount: number;
  /** Row selection by row id; omit to render no checkboxes. */
  rowSelection?: RowSelectionState;
  onRowSelectionChange?: OnChangeFn<RowSelectionState>;
  /** Accessible name of a row's checkbox, e.g. "Select ada@example.com". */
  rowLabel?: (row: T) => string;
  /** Accessible name of the header checkbox. */
  selectAllLabel?: string;
  /** A page is being fetched: the rows shown are the previous page's. */
  loading?: boolean;
  empty: ReactNode;
}

/**
 * A table over TanStack Table in manual mode: the server filters, sorts and paginates, so
 * only one page of rows ever reaches the browser (the users list stays fast at 100,000).
 */
export function DataTable<T>({
  caption,
  columns,
  data,
  getRowId,
  pageCount,
  rowSelection,
  onRowSelectionChange,
  rowLabel,
  selectAllLabel = "Select every row on this page",
  loading,
  empty,
}: DataTableProps<T>) {
  const selectable = rowSelection !== undefined;
  const allColumns = useMemo<DataTableColumn<T>[]>(() => {
    if (!selectable) return columns;
    const select: DataTableColumn<T> = {
      id: "select",
      meta: { className: "w-10" },
      header: ({ table }) => (
        <SelectCheckbox
          aria-label={selectAllLabel}
          checked={table.getIsAllPageRowsSelected()}
          indeterminate={table.getIsSomePageRowsSelected()}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
          disabled={table.getRowModel().rows.length === 0}
        />
      ),
      cell: ({ row }) => (
        <SelectCheckbox
          aria-label={rowLabel ? rowLabel(row.original) : `Select row ${row.index + 1}`}
          checked={row.getIsSelected()}
          disabled={!row.getCanSelect()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    };
    return [select, ...columns];
  }, [columns, selectable, rowLabel, selectAllLabel]);

  const table = useReactTable<T>({
    data,
    columns: allColumns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualFiltering: true,
    manualSorting: true,
    pageCount,
    enableRowSelection: selectable,
    state: selectable ? { rowSelection } : {},
    ...(onRowSelectionChange ? { onRowSelectionChange } : {}),
  });

  const rows = table.getRowModel().rows;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" aria-busy={loading || undefined}>
        <caption className="sr-only">{caption}</caption>
        <TableHead table={table} className="border-b border-slate-200 bg-slate-50 text-slate-600" cellClassName="px-3 py-2 font-medium whitespace-nowrap" />
        <tbody className={clsx("divide-y divide-slate-100", loading && "opacity-60")}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={allColumns.length} className="px-3 py-10 text-center text-slate-600">
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
