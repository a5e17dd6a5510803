"use client";

import Link from "next/link";
import { useState } from "react";
import { setRequireSsoAction } from "@/app/(admin)/admins/actions";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { Switch } from "@/components/ui/switch";
import { useActionMutation } from "@/components/ui/use-action-mutation";

export interface PasswordSignInCardProps {
  requireSso: boolean;
  /** The SSO connection: its IdP's name and whether sign-in through it is on; null when none is set up. */
  connection: { idpName: string; enabled: boolean; protocolName: string } | null;
  breakGlassAdmins: number;
}

/** "Require single sign-on": who may still sign in with a password (break-glass admins only). */
export function PasswordSignInCard({ requireSso, connection, breakGlassAdmins }: PasswordSignInCardProps) {
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const [done, setDone] = useState<string>();
  const mutation = useActionMutation({
    action: (input: { on: boolean }) => setRequireSsoAction(input),
    refresh: true,
    onSuccess: (result) => {
      setDone(
        result.requireSso
          ? `Single sign-on is required.${result.sessionsEnded > 0 ? ` ${result.sessionsEnded} password session${result.sessionsEnded === 1 ? "" : "s"} of other admins ended.` : ""}`
          : "Every System Admin may sign in with a password again.",
      );
      setConfirming(null);
    },
  });

  const missing = !connection
    ? "Set up single sign-on first."
    : !connection.enabled
      ? `Sign-in through ${connection.idpName} is turned off: turn it on first.`
      : breakGlassAdmins === 0
        ? "Mark at least one admin as break-glass first (below), for when the identity provider is down."
        : undefined;

  return (
    <Card
      id="password-sign-in"
      title="Password sign-in"
      description={
        connection
          ? `System Admins can also sign in through ${connection.idpName} (${connection.protocolName}) when their roles in it give them System Admin rights.`
          : "System Admins sign in here with their email and password."
      }
    >
      <div className="flex flex-col gap-3">
        {done && <Alert tone="success">{done}</Alert>}
        <Switch
          id="require-sso"
          label="Require single sign-on: only break-glass admins may sign in with a password"
          checked={requireSso}
          onCheckedChange={(next) => {
            setDone(undefined);
            setConfirming(next);
          }}
          disabled={!requireSso && missing !== undefined}
          disabledReason={missing}
          description={
            requireSso
              ? `Everyone else signs in through ${connection?.idpName ?? "the identity provider"}. ${breakGlassAdmins} break-glass admin${breakGlassAdmins === 1 ? "" : "s"}.`
              : "While on, a password sign-in of an admin who is not break-glass is refused and points to single sign-on."
          }
        />
        {!connection && (
          <p className="text-sm text-slate-600">
            <Link href="/security/sso" className="font-medium text-blue-700 hover:underline">
              Set up single sign-on on Security & Controls
            </Link>
          </p>
        )}
      </div>
      <ConfirmActionDialog
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) setConfirming(null);
        }}
        title={confirming ? "Require single sign-on for System Admins?" : "Allow every admin to sign in with a password?"}
        mutation={mutation}
        onConfirm={() => confirming !== null && mutation.mutate({ on: confirming })}
        confirmLabel={confirming ? "Require single sign-on" : "Allow passwords"}
        pendingLabel="Saving…"
        tone={confirming ? "danger" : "primary"}
      >
        <p className="text-slate-700">
          {confirming
            ? `Admins who are not break-glass can no longer sign in with a password, and their open password sessions end now: they sign in through ${connection?.idpName ?? "the identity provider"}, with System Admin rights from their roles there. Break-glass admins keep their password.`
            : "Every enabled System Admin can sign in with their password again."}
        </p>
      </ConfirmActionDialog>
    </Card>
  );
}
