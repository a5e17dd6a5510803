"use client";

import { clsx } from "clsx";
import type { TextareaHTMLAttributes } from "react";

/** A labelled textarea (pasted metadata, a certificate) whose hint and error are announced with it. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  className,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; label: string; hint?: string; error?: string }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={clsx("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={clsx(hintId, errorId) || undefined}
        spellCheck={false}
        className={clsx(
          "min-h-28 rounded-md border bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm placeholder:text-slate-400",
          error ? "border-red-600" : "border-slate-300",
        )}
        {...area}
      />
      {hint && (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A file input that reads the chosen file as text (IdP metadata, a PEM certificate). */
export function TextFileInput({ id, label, accept, onText }: { id: string; label: string; accept: string; onText: (text: string, name: string) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={accept}
        className="max-w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-100"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (!file) return;
          void file.text().then((text) => onText(text, file.name));
        }}
      />
    </div>
  );
}
