"use client";

import { useState, type FormEvent } from "react";
import { fieldError } from "@/lib/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { formatDay } from "@/lib/format-time";
import { createSheetAction } from "../actions";


export function CreateSheetForm({ hint }: { hint?: string | undefined }) {
  const [done, setDone] = useState<string>();
  const mutation = useActionMutation({
    action: createSheetAction,
    refresh: true,
    onSuccess: (data) =>
      setDone(
        data.becameProvisional
          ? `Sheet “${data.name}” created. You are now a Provisional Member${data.reviewEndsAt ? ` until ${formatDay(data.reviewEndsAt)}` : ""}. Your seat card says what happens when the review period ends.`
          : `Sheet “${data.name}” created.`,
      ),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setDone(undefined);
    mutation.mutate({ name: String(new FormData(form).get("name") ?? "") }, { onSuccess: () => form.reset() });
  }

  const nameError = fieldError(mutation.error, "name");
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      {done && <Alert tone="success">{done}</Alert>}
      {mutation.error && !nameError && <Alert tone="error">{mutation.error.message}</Alert>}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1">
          <Field id="sheet-name" name="name" label="Sheet name" maxLength={120} required error={nameError} />
        </div>
        <Button type="submit" disabled={mutation.isPending} className="shrink-0 sm:mt-6">
          {mutation.isPending ? "Creating…" : "Create sheet"}
        </Button>
      </div>
      {hint && <p className="text-sm text-slate-600">{hint}</p>}
    </form>
  );
}
