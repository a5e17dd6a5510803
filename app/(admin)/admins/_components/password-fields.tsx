"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/admins/admin-input";

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;

/** A new password typed twice: the form's state and its checks before the server's own. */
export function usePasswordFields() {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  return {
    password,
    confirm,
    errors,
    setPassword,
    setConfirm,
    reset: () => {
      setPassword("");
      setConfirm("");
      setErrors({});
    },
    /** The password when both fields are right; otherwise undefined, with the errors shown. */
    validate: (): string | undefined => {
      const found: { password?: string; confirm?: string } = {};
      if (password.length < MIN_PASSWORD_LENGTH) found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
      else if (password.length > MAX_PASSWORD_LENGTH) found.password = `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
      else if (confirm !== password) found.confirm = "The two passwords do not match.";
      setErrors(found);
      return found.password || found.confirm ? undefined : password;
    },
  };
}

export function PasswordFields({
  state,
  idPrefix,
  label,
  serverError,
}: {
  state: ReturnType<typeof usePasswordFields>;
  idPrefix: string;
  label: string;
  /** lib's own refusal of the password (its field error), shown beside the field. */
  serverError?: string | undefined;
}) {
  return (
    <>
      <Field
        id={`${idPrefix}-password`}
        label={label}
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={state.password}
        onChange={(e) => state.setPassword(e.target.value)}
        error={state.errors.password ?? (serverError ? sentence(serverError) : undefined)}
      />
      <Field
        id={`${idPrefix}-confirm`}
        label={`Confirm ${label.toLowerCase()}`}
        type="password"
        autoComplete="new-password"
        value={state.confirm}
        onChange={(e) => state.setConfirm(e.target.value)}
        error={state.errors.confirm}
      />
    </>
  );
}
