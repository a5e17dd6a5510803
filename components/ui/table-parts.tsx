"use client";

import { flexRender, type Cell, type Row, type Table } from "@tanstack/react-table";
import { clsx } from "clsx";
import type { HTMLAttributes } from "react";

/**
 * The header and body markup of a TanStack table, shared by every table in the Admin
 * Center (components/ui/data-table.tsx and the activity, groups and token tables), which
 * differ only in their classes and per-row attributes.
 */
export function TableHead<T>({ table, className, cellClassName }: { table: Table<T>; className: string; cellClassName: string }) {
  return (
    <thead className={className}>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => (
            <th key={header.id} scope="col" className={clsx(cellClassName, header.column.columnDef.meta?.className)}>
              {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
            </th>
          ))}
        </tr>
      ))}
    </thead>
  );
}

/** One <tr> a row, one <td> a visible cell; `rowProps` adds a row's classes and data attributes. */
export function TableRows<T>({
  table,
  rowProps,
  cellClassName,
}: {
  table: Table<T>;
  rowProps?: (row: Row<T>) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  cellClassName: string | ((cell: Cell<T, unknown>, index: number, row: Row<T>) => string);
}) {
  return (
    <>
      {table.getRowModel().rows.map((row) => (
        <tr key={row.id} {...rowProps?.(row)}>
          {row.getVisibleCells().map((cell, index) => (
            <td key={cell.id} className={typeof cellClassName === "string" ? cellClassName : cellClassName(cell, index, row)}>
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
