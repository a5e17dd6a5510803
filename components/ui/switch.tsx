"use client";

import { clsx } from "clsx";
import { Label, Switch as RadixSwitch } from "radix-ui";
import type { ReactNode } from "react";

export interface SwitchProps {
  id: string;
  /** The visible label; also the switch's accessible name (role="switch"). */
  label: ReactNode;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean;
  /** Text under the label, announced as the switch's description. */
  description?: ReactNode;
  /** Why the switch is disabled (shown under it and announced with it). */
  disabledReason?: ReactNode;
  className?: string;
}

/**
 * A labelled on/off switch (Radix Switch renders a <button role="switch" aria-checked>).
 * Space/Enter toggles it; the label is clickable.
 */
export function Switch({
  id,
  label,
  checked,
  onCheckedChange,
  disabled,
  description,
  disabledReason,
  className,
}: SwitchProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  const reasonId = disabled && disabledReason ? `${id}-disabled-reason` : undefined;
  return (
    <div className={clsx("flex items-start gap-3", className)}>
      <RadixSwitch.Root
        id={id}
        checked={checked}
        onCheckedChange={onCheckedChange}
        disabled={disabled}
        aria-describedby={clsx(descriptionId, reasonId) || undefined}
        className={clsx(
          "relative mt-0.5 inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent transition-colors",
          "data-[state=checked]:bg-blue-700 data-[state=unchecked]:bg-slate-400",
          "disabled:cursor-not-allowed disabled:opacity-50",
        )}
      >
        <RadixSwitch.Thumb className="pointer-events-none block size-5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-5 data-[state=unchecked]:translate-x-0" />
      </RadixSwitch.Root>
      <div className="min-w-0">
        <Label.Root
          htmlFor={id}
          className={clsx("text-sm font-medium", disabled ? "cursor-not-allowed text-slate-500" : "cursor-pointer text-slate-900")}
        >
          {label}
        </Label.Root>
        {description && (
          <div id={descriptionId} className="text-sm text-slate-600">
            {description}
          </div>
        )}
        {reasonId && (
          <div id={reasonId} className="mt-1 text-sm text-amber-800">
            {disabledReason}
          </div>
        )}
      </div>
    </div>
  );
}
