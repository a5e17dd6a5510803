"use client";

import { useState, type FormEvent } from "react";
import {
  createAdminAction,
  resetAdminPasswordAction,
  revokeAdminSessionsAction,
  setAdminBreakGlassAction,
  setAdminDisabledAction,
  unlockAdminAction,
} from "@/app/(admin)/admins/actions";
import { EmailText } from "@/components/activity/activity-parts";
import { LocalTime } from "@/components/activity/local-time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Field } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { fieldError, type ActionResult } from "@/lib/action-result";
import type { AdminListEntry } from "@/lib/admins/list-admins";
import { PasswordFields, usePasswordFields } from "./password-fields";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

type Confirm = { kind: "disable" | "enable" | "unlock" | "revoke" | "mark" | "unmark"; admin: AdminListEntry };

function AdminStatus({ admin }: { admin: AdminListEntry }) {
  if (admin.disabledAt !== null) return <StatusBadge tone="neutral">Disabled</StatusBadge>;
  if (admin.signInWaitEndsAt !== null) {
    return (
      <span className="flex flex-col gap-0.5">
        <StatusBadge tone="warn">Sign-in slowed</StatusBadge>
        <span className="text-xs text-slate-600">
          Failed attempts from elsewhere: new addresses wait until <LocalTime at={admin.signInWaitEndsAt} />
        </span>
      </span>
    );
  }
  return <StatusBadge tone="good">Active</StatusBadge>;
}

/** The admins table and its changes; the page re-renders after each (router refresh). */
export function AdminsManager({ admins, selfId, requireSso }: { admins: AdminListEntry[]; selfId: string; requireSso: boolean }) {
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<AdminListEntry | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [done, setDone] = useState<string>();

  return (
    <Card
      id="system-admins"
      title="System Admins"
      description="Everyone here can change every setting of the plan."
      actions={
        <Button size="sm" onClick={() => setAdding(true)}>
          Add admin
        </Button>
      }
    >
      {done && <Alert tone="success" className="mb-3">{done}</Alert>}
      <div className="overflow-x-auto">
        <table className="w-full min-w-[42rem] text-left text-sm">
          <thead className="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-4">Admin</th>
              <th scope="col" className="py-2 pr-4">Status</th>
              <th scope="col" className="py-2 pr-4">Last sign-in</th>
              <th scope="col" className="py-2 pr-4">Open sessions</th>
              <th scope="col" className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {admins.map((admin) => {
              const self = admin.id === selfId;
              return (
                <tr key={admin.id} data-admin={admin.email} className="align-top">
                  <td className="min-w-[12rem] py-3 pr-4">
                    <span className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                      {admin.name}
                      {self && <StatusBadge tone="neutral">You</StatusBadge>}
                      {admin.breakGlass && <StatusBadge tone="warn">Break-glass</StatusBadge>}
                    </span>
                    <span className="text-slate-700">
                      <EmailText value={admin.email} />
                    </span>
                  </td>
                  <td className="py-3 pr-4">
                    <AdminStatus admin={admin} />
                  </td>
                  <td className="py-3 pr-4 text-slate-700">
                    {admin.lastSignInAt === null ? (
                      "Never"
                    ) : (
                      <span className="flex flex-col gap-0.5">
                        <LocalTime at={admin.lastSignInAt} />
                        {admin.lastSignInAddress && (
                          <span className="text-xs text-slate-600">
                            from <span className="font-mono">{admin.lastSignInAddress}</span>
                          </span>
                        )}
                      </span>
                    )}
                  </td>
                  <td className="py-3 pr-4 text-slate-700 tabular-nums">
                    {self ? `${admin.openSessions} (this one included)` : admin.openSessions}
                  </td>
                  <td className="w-px py-3">
                    <div className="flex flex-col items-stretch gap-2">
                      {admin.signInWaitEndsAt !== null && (
                        <Button size="sm" variant="secondary" onClick={() => setConfirm({ kind: "unlock", admin })}>
                          Clear sign-in wait
                        </Button>
                      )}
                      {(self ? admin.openSessions > 1 : admin.openSessions > 0) && (
                        <Button size="sm" variant="secondary" onClick={() => setConfirm({ kind: "revoke", admin })}>
                          {self ? "Sign out other sessions" : "End sessions"}
                        </Button>
                      )}
                      <Button
                        size="sm"
                        variant="secondary"
                        aria-label={`${admin.breakGlass ? "Unmark" : "Mark"} ${admin.email} as break-glass`}
                        onClick={() => setConfirm({ kind: admin.breakGlass ? "unmark" : "mark", admin })}
                      >
                        {admin.breakGlass ? "Unmark break-glass" : "Mark break-glass"}
                      </Button>
                      {!self && (
                        <Button size="sm" variant="secondary" onClick={() => setResetting(admin)}>
                          Reset password
                        </Button>
                      )}
                      {!self && (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => setConfirm({ kind: admin.disabledAt === null ? "disable" : "enable", admin })}
                        >
                          {admin.disabledAt === null ? "Disable" : "Enable"}
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <AddAdminDialog open={adding} onOpenChange={setAdding} onDone={setDone} />
      <ResetPasswordDialog admin={resetting} onClose={() => setResetting(null)} onDone={setDone} />
      <ConfirmAdminDialog confirm={confirm} selfId={selfId} requireSso={requireSso} onClose={() => setConfirm(null)} onDone={setDone} />
    </Card>
  );
}

const CONFIRM_COPY = {
  disable: {
    title: (a: AdminListEntry) => `Disable ${a.email}?`,
    body: "They can no longer sign in, and every session they have open ends now. Their history stays; enable them again at any time.",
    confirm: "Disable",
    pending: "Disabling…",
  },
  enable: {
    title: (a: AdminListEntry) => `Enable ${a.email}?`,
    body: "They can sign in again with their password.",
    confirm: "Enable",
    pending: "Enabling…",
  },
  unlock: {
    title: (a: AdminListEntry) => `Clear the sign-in wait of ${a.email}?`,
    body: "Failed attempts from other addresses slowed sign-in to this account. Clear it when you know the attempts were the admin's own; the Activity log lists them with their addresses.",
    confirm: "Clear the wait",
    pending: "Clearing…",
  },
  revoke: {
    title: (a: AdminListEntry) => `End the sessions of ${a.email}?`,
    body: "Every browser signed in as this admin goes to the sign-in page at its next click. Their password still works: reset it too if it may be known to someone else.",
    confirm: "End sessions",
    pending: "Ending…",
  },
  mark: {
    title: (a: AdminListEntry) => `Mark ${a.email} as break-glass?`,
    body: "A break-glass admin keeps signing in with a password while single sign-on is required: the account to use when the identity provider is down. Keep these few, with strong passwords.",
    confirm: "Mark break-glass",
    pending: "Marking…",
  },
  unmark: {
    title: (a: AdminListEntry) => `Unmark ${a.email} as break-glass?`,
    body: "While single sign-on is not required, nothing changes for them now.",
    confirm: "Unmark",
    pending: "Unmarking…",
  },
} as const;

function ConfirmAdminDialog({
  confirm,
  selfId,
  requireSso,
  onClose,
  onDone,
}: {
  confirm: Confirm | null;
  selfId: string;
  requireSso: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const mutation = useActionMutation({
    action: async ({ kind, admin }: Confirm): Promise<ActionResult<string>> => {
      const adminId = admin.id;
      if (kind === "unlock") {
        const result = await unlockAdminAction({ adminId });
        return result.ok ? { ok: true, data: `Sign-in waits on ${admin.email} cleared.` } : result;
      }
      if (kind === "revoke") {
        const result = await revokeAdminSessionsAction({ adminId });
        return result.ok ? { ok: true, data: `${plural(result.data.ended, "session")} of ${admin.email} ended.` } : result;
      }
      if (kind === "mark" || kind === "unmark") {
        const result = await setAdminBreakGlassAction({ adminId, on: kind === "mark" });
        if (!result.ok) return result;
        const ended = result.data.sessionsEnded > 0 ? ` ${plural(result.data.sessionsEnded, "open session")} ended.` : "";
        return { ok: true, data: `${admin.email} is ${kind === "mark" ? "now" : "no longer"} a break-glass admin.${ended}` };
      }
      const result = await setAdminDisabledAction({ adminId, disabled: kind === "disable" });
      if (!result.ok) return result;
      const ended = result.data.sessionsEnded > 0 ? ` ${plural(result.data.sessionsEnded, "open session")} ended.` : "";
      return { ok: true, data: `${admin.email} is ${kind === "disable" ? "disabled" : "enabled"}.${ended}` };
    },
    refresh: true,
    onSuccess: (message) => {
      onDone(message);
      onClose();
    },
  });
  const copy = confirm ? CONFIRM_COPY[confirm.kind] : undefined;
  const self = confirm?.admin.id === selfId;
  return (
    <ConfirmActionDialog
      open={confirm !== null}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      title={copy && confirm ? (self && confirm.kind === "revoke" ? "Sign out your other sessions?" : copy.title(confirm.admin)) : ""}
      mutation={mutation}
      onConfirm={() => confirm && mutation.mutate(confirm)}
      confirmLabel={copy?.confirm ?? ""}
      pendingLabel={copy?.pending ?? ""}
      tone={confirm?.kind === "enable" || confirm?.kind === "unlock" || confirm?.kind === "mark" ? "primary" : "danger"}
    >
      <p className="text-slate-700">
        {self && confirm?.kind === "revoke"
          ? "Every other browser signed in as you goes to the sign-in page at its next click; this one stays signed in."
          : confirm?.kind === "unmark" && requireSso
            ? "Single sign-on is required: they can no longer sign in with a password, and their open password sessions end now. They sign in through the identity provider instead."
            : copy?.body}
      </p>
    </ConfirmActionDialog>
  );
}

function AddAdminDialog({ open, onOpenChange, onDone }: { open: boolean; onOpenChange: (open: boolean) => void; onDone: (message: string) => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string>();
  const passwords = usePasswordFields();
  const create = useActionMutation({
    action: (input: { email: string; name?: string; password: string }) => createAdminAction(input),
    refresh: true,
    onSuccess: (admin) => {
      onDone(`${admin.email} can now sign in as a System Admin.`);
      close();
    },
  });
  const serverEmailError = fieldError(create.error, "email");
  const serverPasswordError = fieldError(create.error, "password");
  const close = () => {
    setName("");
    setEmail("");
    setEmailError(undefined);
    passwords.reset();
    create.reset();
    onOpenChange(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missingEmail = email.trim() === "" ? "Enter the email they will sign in with." : undefined;
    setEmailError(missingEmail);
    const password = passwords.validate();
    if (missingEmail || password === undefined) return;
    create.mutate({ email: email.trim(), password, ...(name.trim() ? { name: name.trim() } : {}) });
  };
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      <DialogContent
        title="Add a System Admin"
        description="They sign in with this email and password. Tell them the password another way than by email, and ask them to change it."
        preventDismiss={create.isPending}
      >
        <form id="add-admin-form" onSubmit={submit} noValidate className="flex flex-col gap-3">
          <Field id="admin-name" label="Name (optional)" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="off" />
          <Field
            id="admin-email"
            label="Email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={emailError ?? serverEmailError}
            autoComplete="off"
          />
          <PasswordFields state={passwords} idPrefix="admin" label="Password" serverError={serverPasswordError} />
        </form>
        {create.error && !serverEmailError && !serverPasswordError && <Alert tone="error">{create.error.message}</Alert>}
        <FormDialogFooter formId="add-admin-form" pending={create.isPending} label="Add admin" pendingLabel="Adding…" />
      </DialogContent>
    </Dialog>
  );
}

function ResetPasswordDialog({ admin, onClose, onDone }: { admin: AdminListEntry | null; onClose: () => void; onDone: (message: string) => void }) {
  const passwords = usePasswordFields();
  const reset = useActionMutation({
    action: (input: { adminId: string; password: string }) => resetAdminPasswordAction(input),
    refresh: true,
    onSuccess: (result) => {
      const ended = result.sessionsEnded > 0 ? ` ${plural(result.sessionsEnded, "open session")} ended.` : "";
      onDone(`Password of ${admin?.email ?? "the admin"} reset.${ended}`);
      close();
    },
  });
  const serverPasswordError = fieldError(reset.error, "password");
  const close = () => {
    passwords.reset();
    reset.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const password = passwords.validate();
    if (admin && password !== undefined) reset.mutate({ adminId: admin.id, password });
  };
  return (
    <Dialog open={admin !== null} onOpenChange={(next) => (next ? undefined : close())}>
      <DialogContent
        title={`Reset the password of ${admin?.email ?? ""}`}
        description="Their open sessions end and any sign-in wait on their account is cleared. Give them the new password another way than by email."
        preventDismiss={reset.isPending}
      >
        <form id="reset-password-form" onSubmit={submit} noValidate className="flex flex-col gap-3">
          <PasswordFields state={passwords} idPrefix="reset" label="New password" serverError={serverPasswordError} />
        </form>
        {reset.error && !serverPasswordError && <Alert tone="error">{reset.error.message}</Alert>}
        <FormDialogFooter formId="reset-password-form" pending={reset.isPending} label="Reset password" pendingLabel="Resetting…" />
      </DialogContent>
    </Dialog>
  );
}
