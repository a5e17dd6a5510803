"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionFailure } from "@/lib/action-result";
import { completeSetupAction, type SetupField } from "./actions";

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function SetupForm() {
  const router = useRouter();
  const [failure, setFailure] = useState<ActionFailure>();
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Take keyboard and screen-reader users straight to the first field to fix.
  useEffect(() => {
    if (failure?.fieldErrors) formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [failure]);
  const fieldError = (name: SetupField) => {
    const message = failure?.fieldErrors?.[name]?.[0];
    return message && `${capitalise(message)}.`;
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setFailure(undefined);
    try {
      const result = await completeSetupAction(form);
      if (!result.ok) {
        setFailure(result);
        setPending(false);
        return;
      }
      // Sign the new admin straight in; if that fails, the sign-in page takes over.
      const signedIn = await signIn("credentials", {
        email: String(form.get("email")),
        password: String(form.get("password")),
        redirect: false,
      });
      if (signedIn?.ok && !signedIn.error) {
        router.replace("/");
        router.refresh();
      } else {
        router.replace("/sign-in?setup=1");
      }
    } catch {
      setFailure({ ok: false, error: "The server could not be reached. Check your connection and try again." });
      setPending(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-6 flex flex-col gap-6">
      {failure && <Alert tone="error">{failure.error}</Alert>}
      <Field
        id="setupCode"
        name="setupCode"
        label="Setup code"
        autoComplete="off"
        spellCheck={false}
        required
        hint="The server prints it to its log when it starts, and keeps it in the file setup-code beside the database."
        error={fieldError("setupCode")}
      />
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-3 text-sm font-semibold text-slate-900">Your System Admin account</legend>
        <Field id="name" name="name" label="Your name" autoComplete="name" required error={fieldError("name")} />
        <Field id="email" name="email" type="email" label="Your email" autoComplete="username" required error={fieldError("email")} />
        <Field
          id="password"
          name="password"
          type="password"
          label="Password"
          autoComplete="new-password"
          required
          minLength={12}
          hint="At least 12 characters."
          error={fieldError("password")}
        />
        <Field
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          label="Confirm password"
          autoComplete="new-password"
          required
          error={fieldError("confirmPassword")}
        />
      </fieldset>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-3 text-sm font-semibold text-slate-900">Your plan</legend>
        <Field id="planName" name="planName" label="Plan name" required hint="For example, your company's name." error={fieldError("planName")} />
        <Field
          id="primaryEmail"
          name="primaryEmail"
          type="email"
          label="Plan primary email"
          required
          hint="Directory Integration needs this email on a domain you validate later."
          error={fieldError("primaryEmail")}
        />
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Setting up…" : "Create admin and plan"}
      </Button>
    </form>
  );
}
