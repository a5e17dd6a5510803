"use client";

import { Popover } from "radix-ui";
import { useId, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

export interface ChoosableColumn {
  id: string;
  label: string;
  /** Shown until the admin chooses otherwise. */
  defaultVisible: boolean;
}

const STORAGE_KEY = "admin-center.users.columns";
const CHANGE_EVENT = "admin-center:users-columns";

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be off (private modes, policies): the defaults then.
    return null;
  }
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY) onChange();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

/** The admin's choice of column ids to show, from localStorage; anything unreadable is ignored. */
function parseStored(text: string | null): Record<string, boolean> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, boolean] => typeof e[1] === "boolean"));
  } catch {
    return {};
  }
}

/**
 * Which columns show, remembered in this browser (localStorage). The server render and the
 * first client render use the defaults (the server cannot read the browser's storage), then
 * the stored choice applies.
 */
export function useColumnVisibility(columns: readonly ChoosableColumn[]): {
  visibility: Record<string, boolean>;
  setVisible: (id: string, visible: boolean) => void;
  reset: () => void;
} {
  const stored = useSyncExternalStore(subscribe, readStored, () => null);
  const choice = parseStored(stored);
  const visibility = Object.fromEntries(columns.map((c) => [c.id, choice[c.id] ?? c.defaultVisible]));
  const write = (next: Record<string, boolean> | null) => {
    try {
      if (next) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      else window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Not remembered, but still applied below for this page.
    }
    window.dispatchEvent(new Event(CHANGE_EVENT));
  };
  return {
    visibility,
    setVisible: (id, visible) => write({ ...choice, [id]: visible }),
    reset: () => write(null),
  };
}

/** A "Columns" button opening the list of columns to show or hide. */
export function ColumnChooser({
  columns,
  visibility,
  onChange,
  onReset,
}: {
  columns: readonly ChoosableColumn[];
  visibility: Record<string, boolean>;
  onChange: (id: string, visible: boolean) => void;
  onReset: () => void;
}) {
  const id = useId();
  const shown = columns.filter((c) => visibility[c.id]).length;
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button variant="secondary" size="sm" aria-label={`Columns: ${shown} of ${columns.length} shown`}>
          Columns
          <span className="text-xs font-normal text-slate-500 tabular-nums">
            {shown}/{columns.length}
          </span>
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 w-64 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg"
        >
          <fieldset>
            <legend className="mb-2 font-medium text-slate-900">Show columns</legend>
            <p className="mb-2 text-xs text-slate-600">Remembered in this browser. Name is always shown.</p>
            <ul className="flex flex-col gap-1.5">
              {columns.map((c) => (
                <li key={c.id} className="flex items-center gap-2">
                  <input
                    id={`${id}-${c.id}`}
                    type="checkbox"
                    checked={visibility[c.id] ?? false}
                    onChange={(e) => onChange(c.id, e.target.checked)}
                    className="size-4 accent-blue-700"
                  />
                  <label htmlFor={`${id}-${c.id}`} className="text-slate-800">
                    {c.label}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="mt-3 flex justify-between gap-2 border-t border-slate-100 pt-2">
            <Button variant="ghost" size="sm" onClick={onReset}>
              Reset to defaults
            </Button>
            <Popover.Close asChild>
              <Button variant="secondary" size="sm">
                Done
              </Button>
            </Popover.Close>
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
