"use client";

import { clsx } from "clsx";
import { AlertDialog as RadixAlertDialog } from "radix-ui";
import { useReturnFocus } from "./dialog";
import type { ReactNode } from "react";

/**
 * A confirmation for a destructive or far-reaching action (Radix AlertDialog: role="alertdialog",
 * focus starts on Cancel, outside clicks do not dismiss it).
 *
 *   <AlertDialog open={open} onOpenChange={setOpen}>
 *     <AlertDialogTrigger asChild><Button variant="secondary">Revoke</Button></AlertDialogTrigger>
 *     <AlertDialogContent title="Revoke token “Okta”?" description="…">
 *       <AlertDialogFooter>
 *         <AlertDialogCancel>Cancel</AlertDialogCancel>
 *         <AlertDialogAction tone="danger" onClick={…}>Revoke token</AlertDialogAction>
 *       </AlertDialogFooter>
 *     </AlertDialogContent>
 *   </AlertDialog>
 *
 * AlertDialogAction closes the dialog when clicked; to keep it open while a change is saved
 * (and show an error inside it), call event.preventDefault() in onClick and close it yourself.
 */
export const AlertDialog = RadixAlertDialog.Root;
export const AlertDialogTrigger = RadixAlertDialog.Trigger;

export interface AlertDialogContentProps {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  size?: "md" | "lg";
  /** Where focus goes when it closes (default: back to the trigger); call event.preventDefault() to move it yourself. */
  onCloseAutoFocus?: (event: Event) => void;
}

export function AlertDialogContent({
  title,
  description,
  children,
  className,
  size = "md",
  onCloseAutoFocus,
}: AlertDialogContentProps) {
  const returnFocus = useReturnFocus(onCloseAutoFocus);
  return (
    <RadixAlertDialog.Portal>
      <RadixAlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50" />
      <RadixAlertDialog.Content
        {...(description ? {} : { "aria-describedby": undefined })}
        onOpenAutoFocus={returnFocus.onOpenAutoFocus}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        className={clsx(
          "fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100vh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col overflow-y-auto rounded-lg border border-slate-200 bg-white p-5 shadow-xl focus:outline-none",
          size === "lg" ? "max-w-2xl" : "max-w-lg",
          className,
        )}
      >
        <RadixAlertDialog.Title className="text-lg font-semibold text-slate-900">{title}</RadixAlertDialog.Title>
        {description && (
          <RadixAlertDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixAlertDialog.Description>
        )}
        <div className="mt-4 flex flex-col gap-3 text-sm text-slate-800">{children}</div>
      </RadixAlertDialog.Content>
    </RadixAlertDialog.Portal>
  );
}

export function AlertDialogFooter({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={clsx("mt-2 flex flex-wrap justify-end gap-2", className)}>{children}</div>;
}

const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed";

export function AlertDialogCancel({ children = "Cancel", className, ...props }: RadixAlertDialog.AlertDialogCancelProps) {
  return (
    <RadixAlertDialog.Cancel
      className={clsx(buttonBase, "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400", className)}
      {...props}
    >
      {children}
    </RadixAlertDialog.Cancel>
  );
}

const actionTones = {
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-300",
  primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-300",
} as const;

export function AlertDialogAction({
  tone = "danger",
  className,
  ...props
}: RadixAlertDialog.AlertDialogActionProps & { tone?: keyof typeof actionTones }) {
  return <RadixAlertDialog.Action className={clsx(buttonBase, actionTones[tone], className)} {...props} />;
}
