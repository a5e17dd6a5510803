"use client";

import { useState } from "react";
import { deactivateUserAction } from "@/app/(admin)/users/actions";
import { Button } from "@/components/ui/button";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { useActionMutation } from "@/components/ui/use-action-mutation";

/** docs/product.md §3: deactivation is immediate: sign-in refused, sessions ended, seat freed. */
export function DeactivateUserButton({ userId, userName, diEnabled }: { userId: string; userName: string; diEnabled: boolean }) {
  const [open, setOpen] = useState(false);
  const deactivate = useActionMutation({
    action: () => deactivateUserAction({ userId }),
    invalidate: ["users"],
    refresh: true,
    onSuccess: () => setOpen(false),
  });

  return (
    <ConfirmActionDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="secondary" className="text-red-800">
          Deactivate
        </Button>
      }
      title={`Deactivate ${userName}?`}
      mutation={deactivate}
      onConfirm={() => deactivate.mutate()}
      confirmLabel="Deactivate user"
      pendingLabel="Deactivating…"
    >
      <ul className="list-disc pl-5">
        <li>They cannot sign in from now on, and their open sessions end at once.</li>
        <li>Their seat is freed. Items they own stay on the plan, and their history is kept.</li>
        {diEnabled && (
          <li>
            Reactivating them later takes three steps while Directory Integration is on (DI off, reactivate, DI on). If
            the identity provider still assigns them, remove the assignment there too, or it will ask to reactivate them.
          </li>
        )}
      </ul>
    </ConfirmActionDialog>
  );
}
