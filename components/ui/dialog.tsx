"use client";

import { clsx } from "clsx";
import { Dialog as RadixDialog } from "radix-ui";
import { useRef, type ReactNode } from "react";

/**
 * A modal dialog (Radix Dialog: focus trap, Escape closes, focus returns to the trigger).
 *
 *   <Dialog open={open} onOpenChange={setOpen}>
 *     <DialogTrigger asChild><Button>Open</Button></DialogTrigger>
 *     <DialogContent title="Turn on Directory Integration?" description="…">
 *       …body…
 *       <DialogFooter>
 *         <DialogClose asChild><Button variant="secondary">Cancel</Button></DialogClose>
 *         <Button onClick={…}>Turn on</Button>
 *       </DialogFooter>
 *     </DialogContent>
 *   </Dialog>
 */
export const Dialog = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;
export const DialogClose = RadixDialog.Close;

/**
 * Radix returns focus to its Trigger on close; a dialog opened another way (e.g. by a
 * switch's onCheckedChange) has none, and focus would drop to <body>. This returns it to
 * whatever had focus when the dialog opened, unless the caller moves it elsewhere.
 */
export function useReturnFocus(onCloseAutoFocus?: (event: Event) => void): {
  onOpenAutoFocus: () => void;
  onCloseAutoFocus: (event: Event) => void;
} {
  const opener = useRef<Element | null>(null);
  return {
    // Runs as the content mounts, before Radix moves focus into it.
    onOpenAutoFocus: () => {
      opener.current = document.activeElement;
    },
    onCloseAutoFocus: (event) => {
      onCloseAutoFocus?.(event);
      if (event.defaultPrevented) return;
      const target = opener.current;
      opener.current = null;
      if (target instanceof HTMLElement && target !== document.body && target.isConnected) {
        event.preventDefault();
        target.focus();
      }
    },
  };
}

export interface DialogContentProps {
  /** Becomes the dialog's accessible name. */
  title: ReactNode;
  /** Becomes the dialog's accessible description (omit when the body describes itself). */
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Width of the panel: "md" (default, 32rem) or "lg" (42rem). */
  size?: "md" | "lg";
  /** Hide the top-right close (×) button, e.g. while a change is being saved. */
  hideClose?: boolean;
  /** Keep the dialog open on outside click / Escape (e.g. while saving). */
  preventDismiss?: boolean;
  /** Where focus goes when it closes (default: back to the trigger); call event.preventDefault() to move it yourself. */
  onCloseAutoFocus?: (event: Event) => void;
}

export function DialogContent({
  title,
  description,
  children,
  className,
  size = "md",
  hideClose,
  preventDismiss,
  onCloseAutoFocus,
}: DialogContentProps) {
  const block = preventDismiss ? (e: Event) => e.preventDefault() : undefined;
  const returnFocus = useReturnFocus(onCloseAutoFocus);
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50" />
      <RadixDialog.Content
        // Without a description Radix warns unless aria-describedby is explicitly unset.
        {...(description ? {} : { "aria-describedby": undefined })}
        onOpenAutoFocus={returnFocus.onOpenAutoFocus}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        onEscapeKeyDown={block}
        onPointerDownOutside={block}
        onInteractOutside={block}
        className={clsx(
          "fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100vh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col overflow-y-auto rounded-lg border border-slate-200 bg-white p-5 shadow-xl focus:outline-none",
          size === "lg" ? "max-w-2xl" : "max-w-lg",
          className,
        )}
      >
        <div className="flex items-start justify-between gap-4">
          <RadixDialog.Title className="text-lg font-semibold text-slate-900">{title}</RadixDialog.Title>
          {!hideClose && (
            <RadixDialog.Close
              aria-label="Close"
              className="-mt-1 -mr-1 rounded-md px-2 py-1 text-lg leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-800"
            >
              <span aria-hidden="true">×</span>
            </RadixDialog.Close>
          )}
        </div>
        {description && (
          <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description>
        )}
        <div className="mt-4 flex flex-col gap-3 text-sm text-slate-800">{children}</div>
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}

/** The row of buttons at the bottom of a dialog (primary action last). */
export function DialogFooter({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={clsx("mt-2 flex flex-wrap justify-end gap-2", className)}>{children}</div>;
}
