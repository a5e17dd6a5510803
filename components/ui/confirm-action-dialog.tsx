"use client";

import type { ReactNode } from "react";
import { Alert } from "./alert";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogFooter, AlertDialogTrigger } from "./alert-dialog";

/** The part of a mutation (e.g. from useActionMutation) the confirmation shows. */
export interface ConfirmMutation {
  isPending: boolean;
  error: Error | null;
  reset: () => void;
}

export interface ConfirmActionDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens it; leave out when the caller opens it (e.g. from a table row). */
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  /** What the action does, shown above its error. */
  children?: ReactNode;
  mutation: ConfirmMutation;
  onConfirm: () => void;
  confirmLabel: string;
  pendingLabel: string;
  tone?: "danger" | "primary";
  cancelLabel?: string;
  /** How the error reads (default: its message in an error alert). */
  renderError?: (error: Error) => ReactNode;
  /** After a failure there is nothing to retry: only Cancel (labelled "Close") is left. */
  closeOnlyAfterError?: boolean;
  onCloseAutoFocus?: (event: Event) => void;
}

/**
 * A confirmation that runs a server action: it stays open while the action runs (and refuses
 * to close meanwhile), shows the action's error inside, and starts each opening without the
 * last one's error. The caller closes it on success.
 */
export function ConfirmActionDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  mutation,
  onConfirm,
  confirmLabel,
  pendingLabel,
  tone = "danger",
  cancelLabel = "Cancel",
  renderError = (error) => <Alert tone="error">{error.message}</Alert>,
  closeOnlyAfterError = false,
  onCloseAutoFocus,
}: ConfirmActionDialogProps) {
  const failed = closeOnlyAfterError && mutation.error !== null;
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (mutation.isPending) return;
        mutation.reset();
        onOpenChange(next);
      }}
    >
      {trigger && <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>}
      <AlertDialogContent title={title} description={description} onCloseAutoFocus={onCloseAutoFocus}>
        {children}
        {mutation.error && renderError(mutation.error)}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={mutation.isPending}>{failed ? "Close" : cancelLabel}</AlertDialogCancel>
          {!failed && (
            <AlertDialogAction
              tone={tone}
              disabled={mutation.isPending}
              onClick={(event) => {
                event.preventDefault();
                onConfirm();
              }}
            >
              {mutation.isPending ? pendingLabel : confirmLabel}
            </AlertDialogAction>
          )}
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
