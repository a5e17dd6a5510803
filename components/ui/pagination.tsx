"use client";

import { clsx } from "clsx";
import { useId, useState } from "react";
import { Button } from "./button";

const number = new Intl.NumberFormat("en");

export interface PaginationProps {
  /** 1-based. */
  page: number;
  pageSize: number;
  total: number;
  /** Choices of rows per page; omit for a fixed page size. */
  pageSizes?: readonly number[];
  onPageChange: (page: number) => void;
  onPageSizeChange?: (size: number) => void;
  /** What is counted, e.g. "users", and its singular ("user"). */
  itemLabel: string;
  itemLabelOne?: string;
  /** Names the pager's landmark, e.g. "Users pages". */
  label: string;
  className?: string;
}

/** Server-side pagination controls: range shown, rows per page, first/previous/next/last and a page box. */
export function Pagination({
  page,
  pageSize,
  total,
  pageSizes,
  onPageChange,
  onPageSizeChange,
  itemLabel,
  itemLabelOne,
  label,
  className,
}: PaginationProps) {
  const id = useId();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const [draft, setDraft] = useState(String(page));
  // Another page was shown (a click, or the parent): the field shows it.
  const [shownPage, setShownPage] = useState(page);
  if (shownPage !== page) {
    setShownPage(page);
    setDraft(String(page));
  }

  const commit = () => {
    const wanted = Number.parseInt(draft, 10);
    if (Number.isFinite(wanted)) {
      const clamped = Math.min(pageCount, Math.max(1, wanted));
      if (clamped !== page) onPageChange(clamped);
      setDraft(String(clamped));
    } else setDraft(String(page));
  };

  return (
    <nav aria-label={label} className={clsx("flex flex-wrap items-center justify-between gap-x-6 gap-y-3 text-sm text-slate-700", className)}>
      <p aria-live="polite">
        {total === 0 ? (
          <>No {itemLabel}</>
        ) : (
          <>
            Showing <span className="font-medium tabular-nums">{number.format(first)}</span>–
            <span className="font-medium tabular-nums">{number.format(last)}</span> of{" "}
            <span className="font-medium tabular-nums">{number.format(total)}</span>{" "}
            {total === 1 && itemLabelOne ? itemLabelOne : itemLabel}
          </>
        )}
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        {pageSizes && pageSizes.length > 1 && onPageSizeChange && (
          <div className="flex items-center gap-2">
            <label htmlFor={`${id}-size`}>Rows per page</label>
            <select
              id={`${id}-size`}
              value={pageSize}
              onChange={(e) => onPageSizeChange(Number(e.target.value))}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            >
              {pageSizes.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="flex items-center gap-1">
          <Button variant="secondary" size="sm" onClick={() => onPageChange(1)} disabled={page <= 1} aria-label="First page">
            <span aria-hidden="true">«</span>
          </Button>
          <Button variant="secondary" size="sm" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
            Previous
          </Button>
          <span className="flex items-center gap-1 px-1">
            <label htmlFor={`${id}-page`}>Page</label>
            <input
              id={`${id}-page`}
              inputMode="numeric"
              value={draft}
              onChange={(e) => setDraft(e.target.value.replace(/[^0-9]/g, ""))}
              onBlur={commit}
              onKeyDown={(e) => {
                if (e.key === "Enter") commit();
              }}
              className="w-14 rounded-md border border-slate-300 bg-white px-2 py-1 text-center text-sm tabular-nums"
            />
            <span className="whitespace-nowrap">of {number.format(pageCount)}</span>
          </span>
          <Button variant="secondary" size="sm" onClick={() => onPageChange(page + 1)} disabled={page >= pageCount}>
            Next
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => onPageChange(pageCount)}
            disabled={page >= pageCount}
            aria-label="Last page"
          >
            <span aria-hidden="true">»</span>
          </Button>
        </div>
      </div>
    </nav>
  );
}
