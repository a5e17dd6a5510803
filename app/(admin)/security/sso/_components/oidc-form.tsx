"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { fieldError } from "@/lib/action-result";
import { formatDay } from "@/lib/format-time";
import type { SsoSettingsView } from "@/lib/sso/get-sso-settings";
import { MessageText, plainMessage } from "@/app/(admin)/security/_components/message-text";
import { saveOidcConnectionAction } from "../actions";


/** The OpenID Provider: issuer (checked by discovery on save), client ID, and the client secret, write-only. */
export function OidcForm({ view, activeElsewhere }: { view: SsoSettingsView; activeElsewhere: boolean }) {
  const oidc = view.connection?.oidc;
  const [issuer, setIssuer] = useState(oidc?.issuer ?? "");
  const [clientId, setClientId] = useState(oidc?.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const save = useActionMutation({
    action: saveOidcConnectionAction,
    refresh: true,
    onSuccess: (_data, input) => {
      setClientSecret("");
      setNotice(`Saved: ${input.issuer} answered OpenID discovery${input.clientSecret ? ", and the client secret is stored encrypted" : ""}.`);
    },
  });
  const error = (field: string) => local[field] ?? (fieldError(save.error, field) ? plainMessage(fieldError(save.error, field)!) : undefined);
  const fieldRefused = ["issuer", "clientId", "clientSecret"].some((f) => fieldError(save.error, f));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const errors: Record<string, string> = {};
    if (issuer.trim() === "") errors.issuer = "Enter the issuer URL (Okta: https://<your org>.okta.com; Entra: https://login.microsoftonline.com/<tenant ID>/v2.0).";
    if (clientId.trim() === "") errors.clientId = "Enter the client ID from the IdP's app.";
    if (clientSecret.trim() === "" && !oidc?.secretSaved) errors.clientSecret = "Enter the client secret from the IdP's app.";
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    save.mutate({ issuer, clientId, ...(clientSecret.trim() ? { clientSecret } : {}) });
  };

  const secretHint = oidc?.secretSaved
    ? `${oidc.secretSavedAt ? `Saved on ${formatDay(oidc.secretSavedAt)}` : "Saved"}; enter a new one to replace it, or leave this empty to keep it. It is never shown.`
    : "Your IdP shows it once. It is stored encrypted and never shown here again.";

  return (
    <Card
      id="oidc-idp"
      title="Your IdP's side (OpenID Connect)"
      description="Register the redirect URI above in your IdP's app (steps below), then enter the app's issuer, client ID and client secret. The issuer is checked by OpenID discovery when you save."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Field id="oidc-issuer" label="Issuer" hint="Okta: https://<your org>.okta.com (or your authorization server's issuer). Entra: https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0." value={issuer} onChange={(e) => setIssuer(e.target.value)} error={error("issuer")} autoComplete="off" inputMode="url" />
        <Field id="oidc-client-id" label="Client ID" hint="Okta: General › Client Credentials › Client ID. Entra: Overview › Application (client) ID." value={clientId} onChange={(e) => setClientId(e.target.value)} error={error("clientId")} autoComplete="off" />
        <Field id="oidc-client-secret" label="Client secret" type="password" hint={secretHint} value={clientSecret} onChange={(e) => setClientSecret(e.target.value)} error={error("clientSecret")} autoComplete="new-password" placeholder={oidc?.secretSaved ? "•••••••• (saved)" : undefined} />
        {save.error && !fieldRefused && (
          <Alert tone="error">
            <MessageText text={save.error.message} />
          </Alert>
        )}
        {notice && <Alert tone="success">{notice}</Alert>}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Checking the issuer…" : "Save OpenID Connect settings"}
          </Button>
          {activeElsewhere && <p className="text-sm text-slate-600">Saving makes OpenID Connect the active protocol; the SAML settings are kept.</p>}
        </div>
      </form>
    </Card>
  );
}
