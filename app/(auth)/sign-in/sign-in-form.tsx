"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { signInErrorMessage } from "@/app/_auth/sign-in-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export interface SsoOption {
  /** What the IdP is called ("Okta"), for the button's hint. */
  idpName: string;
  /** Where to go after signing in through the IdP (a same-origin path). */
  callbackUrl: string | null;
}

/**
 * One email field for both ways in: "Continue with single sign-on" (plan users, and admins
 * who sign in through the IdP) posts it to /sso/start in a form of its own, so the password
 * never travels with it; "Sign in" is the local System Admin's password sign-in.
 */
export function SignInForm({
  callbackUrl,
  initialError,
  notice,
  sso,
  initialEmail,
}: {
  callbackUrl: string;
  initialError?: string;
  notice?: string;
  sso?: SsoOption;
  initialEmail?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);
  const ssoForm = useRef<HTMLFormElement>(null);
  const ssoEmail = useRef<HTMLInputElement>(null);

  function continueWithSso(email: string) {
    if (!email) {
      setError("Enter your work email to continue with single sign-on.");
      return;
    }
    setPending(true);
    ssoEmail.current!.value = email;
    ssoForm.current!.submit();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    // Email first: Enter with no password means single sign-on when the plan has it.
    if (sso && email && !password) {
      continueWithSso(email);
      return;
    }
    if (!email || !password) {
      setError("Enter your email and password.");
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      setError(signInErrorMessage(result?.error ?? ""));
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <>
      {sso && (
        <form ref={ssoForm} action="/sso/start" method="post" hidden>
          <input ref={ssoEmail} type="hidden" name="email" />
          {sso.callbackUrl && <input type="hidden" name="callbackUrl" value={sso.callbackUrl} />}
        </form>
      )}
      <form onSubmit={onSubmit} noValidate className="mt-6 flex flex-col gap-4" aria-describedby={error ? "sign-in-error" : undefined}>
        {notice && !error && <Alert tone="info">{notice}</Alert>}
        {error && (
          <div id="sign-in-error">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
        <Field
          id="email"
          name="email"
          type="email"
          label="Email"
          autoComplete="username"
          required
          autoFocus
          defaultValue={initialEmail}
          hint={sso ? "Your work email." : undefined}
        />
        {sso && (
          <>
            <Button
              type="button"
              disabled={pending}
              onClick={(event) => {
                const email = String(new FormData(event.currentTarget.form!).get("email") ?? "").trim();
                continueWithSso(email);
              }}
            >
              Continue with single sign-on
            </Button>
            <p className="text-xs text-slate-600">You will sign in at {sso.idpName}, then come back here.</p>
            <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
              <span className="h-px flex-1 bg-slate-200" />
              or, System Admins with a password
              <span className="h-px flex-1 bg-slate-200" />
            </div>
          </>
        )}
        <Field id="password" name="password" type="password" label="Password" autoComplete="current-password" required={!sso} />
        <Button type="submit" variant={sso ? "secondary" : "primary"} disabled={pending} className="mt-2">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </>
  );
}
