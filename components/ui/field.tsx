"use client";

import { clsx } from "clsx";
import { Label } from "radix-ui";
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  className?: string | undefined;
  /** The control, given the ids of the hint and error it is described by. */
  children: (described: { "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => ReactNode;
}

/** Label, control, hint and error: the control is described by the last two, so a screen reader reads them with it. */
function FieldFrame({ id, label, hint, error, className, children }: FieldFrameProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={clsx("flex flex-col gap-1", className)}>
      <Label.Root htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </Label.Root>
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": clsx(hintId, errorId) || undefined })}
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

export interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A labelled text input whose hint and error are announced with it. */
export function Field({ id, label, hint, error, className, ...input }: FieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      {(described) => (
        <input
          id={id}
          {...described}
          className={clsx(
            "rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400",
            error ? "border-red-600" : "border-slate-300",
          )}
          {...input}
        />
      )}
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A labelled textarea for pasted text (IdP metadata, a certificate), monospaced, hint and error announced with it. */
export function TextAreaField({ id, label, hint, error, className, ...area }: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      {(described) => (
        <textarea
          id={id}
          {...described}
          spellCheck={false}
          className={clsx(
            "min-h-28 rounded-md border bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm placeholder:text-slate-400",
            error ? "border-red-600" : "border-slate-300",
          )}
          {...area}
        />
      )}
    </FieldFrame>
  );
}
