"use client";

import { clsx } from "clsx";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { fieldError } from "@/lib/action-result";
import type { SsoSettingsView } from "@/lib/sso/get-sso-settings";
import { MessageText, plainMessage } from "@/app/(admin)/security/_components/message-text";
import { saveSamlConnectionAction } from "../actions";
import { CertificateList } from "./certificate-list";
import { TextAreaField } from "@/components/ui/field";
import { TextFileInput } from "./text-file-input";

type Mode = "metadata" | "fields";

/** The IdP's side of a SAML connection: its metadata (pasted or uploaded), or its entity ID, SSO URL and certificates. */
export function SamlForm({ view, activeElsewhere }: { view: SsoSettingsView; activeElsewhere: boolean }) {
  const saml = view.connection?.saml;
  const [mode, setMode] = useState<Mode>(saml?.entityId ? "fields" : "metadata");
  const [metadataXml, setMetadataXml] = useState("");
  const [entityId, setEntityId] = useState(saml?.entityId ?? "");
  const [ssoUrl, setSsoUrl] = useState(saml?.ssoUrl ?? "");
  const [kept, setKept] = useState(saml?.certificates ?? []);
  const [newCertificate, setNewCertificate] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useActionMutation({
    action: saveSamlConnectionAction,
    refresh: true,
    onSuccess: (_data, input) => {
      setNotice(
        input.metadataXml
          ? "Saved from the IdP's metadata: its entity ID, SSO URL and certificates are below."
          : "Saved the IdP's settings.",
      );
      if (input.metadataXml) setMode("fields");
      setMetadataXml("");
      setNewCertificate("");
    },
  });
  // After a save the server's values come back in `view`: show them in the fields.
  const [seen, setSeen] = useState(view);
  if (seen !== view) {
    setSeen(view);
    if (save.isSuccess && saml) {
      setEntityId(saml.entityId ?? "");
      setSsoUrl(saml.ssoUrl ?? "");
      setKept(saml.certificates);
    }
  }

  const error = (field: string) => local[field] ?? (fieldError(save.error, field) ? plainMessage(fieldError(save.error, field)!) : undefined);
  const fieldRefused = ["metadataXml", "entityId", "ssoUrl", "certificates"].some((f) => fieldError(save.error, f));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (mode === "metadata") {
      if (metadataXml.trim() === "") {
        setLocal({ metadataXml: "Paste the IdP's metadata XML, or choose the file (Okta: Identity Provider metadata; Entra: Federation Metadata XML)." });
        return;
      }
      setLocal({});
      save.mutate({ metadataXml });
      return;
    }
    const errors: Record<string, string> = {};
    if (entityId.trim() === "") errors.entityId = "Enter the IdP's entity ID (Okta: Identity Provider Issuer; Entra: Microsoft Entra Identifier).";
    if (ssoUrl.trim() === "") errors.ssoUrl = "Enter the IdP's single sign-on URL (Okta: Identity Provider Single Sign-On URL; Entra: Login URL).";
    const certificates = [...kept.map((c) => c.pem), ...(newCertificate.trim() ? [newCertificate] : [])];
    if (certificates.length === 0) errors.certificates = "Add the IdP's signing certificate: without it no response can be checked.";
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    save.mutate({ entityId, ssoUrl, certificates });
  };

  const tab = (value: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      id={`saml-mode-${value}`}
      aria-selected={mode === value}
      aria-controls="saml-mode-panel"
      onClick={() => {
        setMode(value);
        setLocal({});
      }}
      className={clsx(
        "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
        mode === value ? "border-blue-700 text-blue-800" : "border-transparent text-slate-700 hover:text-slate-900",
      )}
    >
      {label}
    </button>
  );

  return (
    <Card
      id="saml-idp"
      title="Your IdP's side (SAML 2.0)"
      description="Create the SAML app in your IdP first (steps below), then bring its metadata here: it holds the IdP's entity ID, its single sign-on URL and its signing certificate."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <div role="tablist" aria-label="How to enter the IdP's settings" className="flex flex-wrap gap-1 border-b border-slate-200">
          {tab("metadata", "Paste or upload metadata")}
          {tab("fields", "Enter the fields")}
        </div>
        <div id="saml-mode-panel" role="tabpanel" aria-labelledby={`saml-mode-${mode}`} className="flex flex-col gap-4">
          {mode === "metadata" ? (
            <>
              <TextAreaField
                id="saml-metadata"
                label="IdP metadata XML"
                hint="Okta: Sign On tab › SAML Signing Certificates › Actions › View IdP metadata. Entra: Single sign-on › SAML Certificates › Federation Metadata XML › Download."
                placeholder={'<?xml version="1.0"?>\n<md:EntityDescriptor …'}
                value={metadataXml}
                onChange={(event) => setMetadataXml(event.target.value)}
                error={error("metadataXml")}
                rows={8}
              />
              <TextFileInput id="saml-metadata-file" label="Or upload the file:" accept=".xml,application/xml,text/xml" onText={(text) => setMetadataXml(text)} />
            </>
          ) : (
            <>
              <Field id="saml-entity-id" label="IdP entity ID" hint="Okta: Identity Provider Issuer. Entra: Microsoft Entra Identifier." value={entityId} onChange={(e) => setEntityId(e.target.value)} error={error("entityId")} autoComplete="off" />
              <Field id="saml-sso-url" label="IdP single sign-on URL" hint="Where plan users are sent to sign in (HTTP-Redirect). Okta: Identity Provider Single Sign-On URL. Entra: Login URL." value={ssoUrl} onChange={(e) => setSsoUrl(e.target.value)} error={error("ssoUrl")} autoComplete="off" inputMode="url" />
              <div className="flex flex-col gap-2">
                <h3 className="text-sm font-medium text-slate-800">Signing certificates</h3>
                <CertificateList certificates={kept} onRemove={(index) => setKept((list) => list.filter((_, i) => i !== index))} />
                {kept.length < 2 ? (
                  <>
                    <TextAreaField
                      id="saml-certificate"
                      label={kept.length === 0 ? "Signing certificate (PEM)" : "Second certificate, for a rotation (optional)"}
                      hint="Paste -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----, or choose the .cer/.pem file. Okta: Download certificate. Entra: Certificate (Base64)."
                      value={newCertificate}
                      onChange={(e) => setNewCertificate(e.target.value)}
                      error={error("certificates")}
                      rows={5}
                    />
                    <TextFileInput id="saml-certificate-file" label="Or upload it:" accept=".pem,.cer,.crt" onText={(text) => setNewCertificate(text)} />
                  </>
                ) : (
                  <>
                    <p className="text-sm text-slate-600">Two certificates are kept at most: remove the retired one to add another.</p>
                    {error("certificates") && <p className="text-sm text-red-700">{error("certificates")}</p>}
                  </>
                )}
              </div>
            </>
          )}
        </div>
        {save.error && !fieldRefused && (
          <Alert tone="error">
            <MessageText text={save.error.message} />
          </Alert>
        )}
        {notice && <Alert tone="success">{notice}</Alert>}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save SAML settings"}
          </Button>
          {activeElsewhere && <p className="text-sm text-slate-600">Saving makes SAML the active protocol; the OpenID Connect settings are kept.</p>}
        </div>
      </form>
    </Card>
  );
}
