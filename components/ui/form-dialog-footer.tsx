"use client";

import { Button } from "./button";
import { DialogClose, DialogFooter } from "./dialog";

/** Cancel and the submit button of a form inside a dialog (the form is tied by its id), both held while it saves. */
export function FormDialogFooter({ formId, pending, label, pendingLabel }: { formId: string; pending: boolean; label: string; pendingLabel: string }) {
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button variant="secondary" disabled={pending}>
          Cancel
        </Button>
      </DialogClose>
      <Button type="submit" form={formId} disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
    </DialogFooter>
  );
}
