"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { addGuestAction } from "@/app/(admin)/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { unwrapResult } from "@/lib/action-result";

/** docs/product.md §2/§5: Guests are external users, added here only; the IdP never sees them. */
export function AddGuestDialog() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const add = useMutation({
    mutationFn: async (address: string) => unwrapResult(await addGuestAction({ email: address })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users", "list"] }),
  });

  const reset = () => {
    setEmail("");
    add.reset();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">Add Guest</Button>
      </DialogTrigger>
      <DialogContent
        title="Add a Guest"
        description="Guests are people outside your organisation. They hold a free Guest seat, are managed only here, and the identity provider never sees or changes them. People on one of your validated domains cannot be Guests."
      >
        {add.isSuccess ? (
          <>
            <Alert tone="success">
              {add.data.userName} was added as a Guest.{" "}
              <Link href={`/users/${add.data.id}`} className="font-medium underline">
                Open their page
              </Link>
            </Alert>
            <DialogFooter>
              <Button variant="secondary" onClick={reset}>
                Add another Guest
              </Button>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <form
            className="flex flex-col gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate(email);
            }}
          >
            <Field
              id="guest-email"
              label="Guest's email"
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                if (add.isError) add.reset();
              }}
              placeholder="partner@example.org"
              error={add.isError ? add.error.message : undefined}
            />
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={add.isPending || email.trim() === ""}>
                {add.isPending ? "Adding…" : "Add Guest"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
