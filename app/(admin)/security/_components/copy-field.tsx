"use client";

import { CopyButton } from "@/components/ui/copy-button";

/** A read-only value (a URL, a DNS record, a token) with its label and a copy button. */
export function CopyField({ id, label, value, copyLabel }: { id: string; label: string; value: string; copyLabel?: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm text-slate-900"
        />
        <CopyButton value={value} label={copyLabel ?? `Copy ${label}`} />
      </div>
    </div>
  );
}

/** Moves the admin to a control elsewhere on the page (e.g. the fix for a refusal). */
export function focusControl(id: string): void {
  const element = document.getElementById(id);
  if (!element) return;
  element.scrollIntoView({ block: "center" });
  element.focus({ preventScroll: true });
}
