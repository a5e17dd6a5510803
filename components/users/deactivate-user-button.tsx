"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deactivateUserAction } from "@/app/(admin)/users/actions";
import { Alert } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogFooter,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

/** SPEC §3: deactivation is immediate: sign-in refused, sessions ended, seat freed. */
export function DeactivateUserButton({ userId, userName, diEnabled }: { userId: string; userName: string; diEnabled: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const deactivate = useMutation({
    mutationFn: async () => {
      const result = await deactivateUserAction({ userId });
      if (!result.ok) throw new Error(result.error);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      setOpen(false);
      router.refresh();
    },
  });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (deactivate.isPending) return;
        setOpen(next);
        if (!next) deactivate.reset();
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="secondary" className="text-red-800">
          Deactivate
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent title={`Deactivate ${userName}?`}>
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
        {deactivate.isError && <Alert tone="error">{deactivate.error.message}</Alert>}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={deactivate.isPending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            disabled={deactivate.isPending}
            onClick={(e) => {
              e.preventDefault();
              deactivate.mutate();
            }}
          >
            {deactivate.isPending ? "Deactivating…" : "Deactivate user"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
