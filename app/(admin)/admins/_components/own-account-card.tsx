"use client";

import { useState, type FormEvent } from "react";
import { changeOwnPasswordAction } from "@/app/(admin)/admins/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { fieldError } from "@/lib/action-result";
import { PasswordFields, usePasswordFields } from "./password-fields";

/** The signed-in admin's own password: other sessions end, this one stays. */
export function OwnAccountCard() {
  const [current, setCurrent] = useState("");
  const [currentError, setCurrentError] = useState<string>();
  const [done, setDone] = useState<string>();
  const passwords = usePasswordFields();
  const change = useActionMutation({
    action: (input: { currentPassword: string; password: string }) => changeOwnPasswordAction(input),
    refresh: true,
    onSuccess: (result) => {
      setCurrent("");
      passwords.reset();
      setDone(
        `Your password is changed.${result.sessionsEnded > 0 ? ` ${result.sessionsEnded} other session${result.sessionsEnded === 1 ? "" : "s"} ended.` : ""}`,
      );
    },
  });
  const serverCurrent = fieldError(change.error, "currentPassword");
  const serverPassword = fieldError(change.error, "password");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const missing = current === "" ? "Enter your current password." : undefined;
    setCurrentError(missing);
    const password = passwords.validate();
    if (missing || password === undefined) return;
    change.mutate({ currentPassword: current, password });
  };
  return (
    <Card id="your-password" title="Your password" description="Changing it signs you out of every other browser; this one stays signed in.">
      <form onSubmit={submit} noValidate className="flex max-w-md flex-col gap-3">
        {done && <Alert tone="success">{done}</Alert>}
        <Field
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={currentError ?? (serverCurrent ? "The current password is wrong." : undefined)}
        />
        <PasswordFields state={passwords} idPrefix="own" label="New password" serverError={serverPassword} />
        {change.error && !serverCurrent && !serverPassword && <Alert tone="error">{change.error.message}</Alert>}
        <div>
          <Button type="submit" disabled={change.isPending}>
            {change.isPending ? "Changing…" : "Change password"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
