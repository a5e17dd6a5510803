"use client";

import { clsx } from "clsx";
import { RadioGroup } from "radix-ui";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { Switch } from "@/components/ui/switch";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { fieldError } from "@/lib/action-result";
import type { SsoWarning } from "@/lib/overview/get-warnings";
import type { SsoSettingsView } from "@/lib/sso/get-sso-settings";
import type { SsoProtocol } from "@/db/schema";
import { CopyField } from "@/app/(admin)/security/_components/copy-field";
import { MessageText, plainMessage } from "@/app/(admin)/security/_components/message-text";
import { checkSsoConnectionAction, setSsoEnabledAction, setSsoOptionsAction } from "../actions";
import { CertificateList } from "./certificate-list";
import { OidcForm } from "./oidc-form";
import { SamlForm } from "./saml-form";
import { OidcSteps, SamlSteps } from "./sso-steps";

const PROTOCOLS: { value: SsoProtocol; label: string; explain: string }[] = [
  { value: "saml", label: "SAML 2.0", explain: "The IdP posts a signed assertion to us. Okta's and Entra's usual choice for SaaS apps." },
  { value: "oidc", label: "OpenID Connect", explain: "Authorization code flow with PKCE; the IdP's signed ID token names the person." },
];

const protocolName = (p: SsoProtocol) => (p === "saml" ? "SAML 2.0" : "OpenID Connect");

function StatusCard({ view, shown, onShow }: { view: SsoSettingsView; shown: SsoProtocol; onShow: (p: SsoProtocol) => void }) {
  const c = view.connection;
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useActionMutation({
    action: setSsoEnabledAction,
    refresh: true,
    onSuccess: (enabled) =>
      setNotice(enabled ? "Single sign-on is on: plan users on your validated domains are sent to the IdP." : "Single sign-on is off: nobody can start a sign-in through the IdP; sessions already open continue until they end."),
  });
  const check = useActionMutation({ action: checkSsoConnectionAction });
  const canTest = c !== null && c.missing.length === 0;
  return (
    <Card
      id="sso-status"
      title="Single sign-on"
      description="Plan users (and System Admins whose roles come from the IdP) sign in through your identity provider. One protocol is active at a time; the other's settings are kept."
    >
      <div className="flex flex-col gap-4">
        <fieldset>
          <legend id="sso-protocol-legend" className="text-sm font-medium text-slate-900">Protocol</legend>
          <RadioGroup.Root className="mt-2 grid gap-2 sm:grid-cols-2" value={shown} aria-labelledby="sso-protocol-legend" onValueChange={(value) => onShow(value as SsoProtocol)}>
            {PROTOCOLS.map((p) => (
              <div key={p.value} className="flex items-start gap-3 rounded-md border border-slate-200 p-3 has-[[data-state=checked]]:border-blue-600 has-[[data-state=checked]]:bg-blue-50">
                <RadioGroup.Item
                  id={`sso-protocol-${p.value}`}
                  value={p.value}
                  aria-describedby={`sso-protocol-${p.value}-explain`}
                  className="mt-0.5 flex size-4 shrink-0 cursor-pointer items-center justify-center rounded-full border border-slate-500 bg-white data-[state=checked]:border-blue-700"
                >
                  <RadioGroup.Indicator className="size-2 rounded-full bg-blue-700" />
                </RadioGroup.Item>
                <div className="min-w-0 text-sm">
                  <label htmlFor={`sso-protocol-${p.value}`} className="flex flex-wrap items-center gap-2 cursor-pointer font-medium text-slate-900">
                    {p.label}
                    {c?.protocol === p.value && <StatusBadge tone="good">Active</StatusBadge>}
                  </label>
                  <p id={`sso-protocol-${p.value}-explain`} className="text-slate-600">
                    {p.explain}
                  </p>
                </div>
              </div>
            ))}
          </RadioGroup.Root>
        </fieldset>

        {c === null ? (
          <p className="text-sm text-slate-600">Nothing is connected yet: choose a protocol, give your IdP our values and save its settings below. A new connection starts off, so you can test it first.</p>
        ) : (
          <Switch
            id="sso-enabled"
            label={`Single sign-on through ${c.idpName} (${protocolName(c.protocol)})`}
            checked={c.enabled}
            disabled={toggle.isPending || (!c.enabled && c.missing.length > 0)}
            disabledReason={!c.enabled && c.missing.length > 0 ? `To turn it on, the ${protocolName(c.protocol)} connection still needs ${c.missing.join(", ")}.` : undefined}
            description={c.enabled ? "On: plan users on your validated domains are sent to the IdP to sign in." : "Off: nobody can sign in through the IdP. Test it first, then turn it on."}
            onCheckedChange={(enabled) => {
              setNotice(null);
              toggle.mutate({ enabled });
            }}
          />
        )}
        {toggle.error && (
          <Alert tone="error">
            <MessageText text={toggle.error.message} />
          </Alert>
        )}
        {notice && <Alert tone="success">{notice}</Alert>}
        {view.validatedDomains.length === 0 && (
          <Alert tone="warn">No validated domain yet: plan users are sent to the IdP by their email&apos;s domain, so validate your domain under Domains first.</Alert>
        )}

        {c !== null && (
          <div className="flex flex-col gap-3 border-t border-slate-100 pt-4">
            <div className="flex flex-wrap items-center gap-3">
              {canTest ? (
                <Button asChild variant="secondary">
                  <a href="/sso/test" target="_blank" rel="noopener" id="sso-test-sign-in">
                    Test sign-in<span className="sr-only"> (opens a new tab)</span> <span aria-hidden="true">↗</span>
                  </a>
                </Button>
              ) : (
                <Button variant="secondary" disabled aria-describedby="sso-test-why">
                  Test sign-in
                </Button>
              )}
              <Button variant="ghost" onClick={() => check.mutate()} disabled={check.isPending}>
                {check.isPending ? "Checking…" : "Check certificates and clock"}
              </Button>
            </div>
            <p id="sso-test-why" className="text-sm text-slate-600">
              {canTest
                ? `Test sign-in opens ${c.idpName} in a new tab: sign in there and you see what it sent (subject, email, attributes, each check). No session is created, and the test is in the activity log.`
                : `Test sign-in needs ${c.missing.join(", ")} first.`}
            </p>
            {check.error && (
              <Alert tone="error">
                <MessageText text={check.error.message} />
              </Alert>
            )}
            {check.data && (
              <div role="status" className="rounded-md border border-slate-200 p-3">
                <p className="text-sm font-medium text-slate-900">{check.data.ok ? "Every check passed." : "Some checks failed:"}</p>
                <ul className="mt-2 flex flex-col gap-1 text-sm">
                  {check.data.checks.map((item) => (
                    <li key={item.name} className="flex gap-2" data-check={item.name}>
                      <span aria-hidden="true" className={item.ok ? "text-emerald-700" : "text-red-700"}>{item.ok ? "✓" : "✗"}</span>
                      <span className="min-w-0 break-words">
                        <span className="sr-only">{item.ok ? "Passed: " : "Failed: "}</span>
                        <strong>{item.name}</strong>: {item.detail}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        )}
      </div>
    </Card>
  );
}

function OptionsCard({ view }: { view: SsoSettingsView }) {
  const c = view.connection!;
  const [skew, setSkew] = useState(String(c.clockSkewSeconds));
  const [name, setName] = useState(c.idpName);
  const [notice, setNotice] = useState<string | null>(null);
  const [local, setLocal] = useState<{ clockSkewSeconds?: string; idpName?: string }>({});
  const save = useActionMutation({ action: setSsoOptionsAction, refresh: true, onSuccess: () => setNotice("Options saved.") });
  const error = (field: "clockSkewSeconds" | "idpName") => local[field] ?? (fieldError(save.error, field) ? plainMessage(fieldError(save.error, field)!) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const n = Number(skew);
    const errors: typeof local = {};
    if (!/^\d+$/.test(skew.trim()) || n > 300) errors.clockSkewSeconds = "Enter a whole number of seconds from 0 to 300.";
    if (name.trim() === "") errors.idpName = "Give the IdP a display name, e.g. Okta.";
    setLocal(errors);
    if (errors.clockSkewSeconds || errors.idpName) return;
    save.mutate({ clockSkewSeconds: n, idpName: name.trim() });
  };
  return (
    <Card id="sso-options" title="Options">
      <div className="flex flex-col gap-4">
        {c.protocol === "saml" && (
          <Switch
            id="sso-idp-initiated"
            label="Allow IdP-initiated sign-in"
            checked={c.saml.allowIdpInitiated}
            disabled={save.isPending}
            description="Accept responses the IdP sends unasked, when people open the app from the Okta dashboard or My Apps. Off by default: such a response answers no request of ours, so it cannot be tied to the browser it arrives in, and a response stolen or forced on someone (login CSRF) would sign them in. Signatures, audience, recipient, expiry and replay are still checked."
            onCheckedChange={(allowIdpInitiated) => {
              setNotice(null);
              save.mutate({ allowIdpInitiated });
            }}
          />
        )}
        <form
          onSubmit={submit}
          noValidate
          className={clsx("flex flex-col gap-4 sm:flex-row sm:flex-wrap sm:items-start", c.protocol === "saml" && "border-t border-slate-100 pt-4")}
        >
          <Field id="sso-clock-skew" label="Clock skew (seconds)" hint="Leeway on the IdP's times (NotBefore, NotOnOrAfter, token expiry), 0 to 300." value={skew} onChange={(e) => setSkew(e.target.value)} error={error("clockSkewSeconds")} inputMode="numeric" className="sm:w-56" />
          <Field id="sso-idp-name" label="IdP display name" hint="What plan users see on the sign-in page, e.g. Okta." value={name} onChange={(e) => setName(e.target.value)} error={error("idpName")} maxLength={60} className="sm:w-72" />
          <Button type="submit" disabled={save.isPending} className="sm:mt-6">
            {save.isPending ? "Saving…" : "Save options"}
          </Button>
        </form>
        {save.error && !fieldError(save.error, "clockSkewSeconds") && !fieldError(save.error, "idpName") && (
          <Alert tone="error">
            <MessageText text={save.error.message} />
          </Alert>
        )}
        {notice && <Alert tone="success">{notice}</Alert>}
      </div>
    </Card>
  );
}

/** Security & Controls › Single sign-on: the connection, our values, the IdP's side, options and each IdP's steps. */
export function SsoScreen({ view, warnings }: { view: SsoSettingsView; warnings: SsoWarning[] }) {
  const [shown, setShown] = useState<SsoProtocol>(view.connection?.protocol ?? "saml");
  const c = view.connection;
  return (
    <div className="flex flex-col gap-6">
      {warnings.map((w, i) => (
        <Alert key={`${w.key}-${i}`} tone="warn">
          <span data-warning={w.key}>{w.message}</span>
        </Alert>
      ))}
      <StatusCard view={view} shown={shown} onShow={setShown} />
      {shown === "saml" ? (
        <>
          <Card id="saml-sp" title="Give these values to your IdP" description="Our side of the SAML connection. They come from PUBLIC_URL: set it before you connect the IdP, which keeps the URLs it was given.">
            <div className="grid gap-4 lg:grid-cols-2">
              <CopyField id="sp-entity-id" label="Entity ID (Audience URI)" value={view.sp.entityId} />
              <CopyField id="sp-acs-url" label="ACS URL (Single sign-on URL, Reply URL)" value={view.sp.acsUrl} />
              <CopyField id="sp-sign-in-url" label="Sign-in URL (Sign on URL)" value={view.sp.signInUrl} />
              <div className="lg:col-span-2">
                <CopyField id="sp-nameid-format" label="NameID format (email address)" value={view.sp.nameIdFormat} />
              </div>
            </div>
            <p className="mt-4 text-sm">
              <a href="/sso/saml/metadata?download=1" download className="font-medium text-blue-700 hover:underline" id="sp-metadata-download">
                Download SP metadata
              </a>{" "}
              <span className="text-slate-600">(also at {view.sp.metadataUrl}, for IdPs that read it from a URL)</span>
            </p>
          </Card>
          {c?.protocol === "saml" && c.saml.certificates.length > 0 && (
            <Card id="saml-certificates" title="Saved signing certificates" description="Responses must be signed with one of these. Add the IdP's next certificate before the current one expires; the Overview warns 30 days ahead.">
              <CertificateList certificates={c.saml.certificates} />
            </Card>
          )}
          <SamlForm view={view} activeElsewhere={c !== null && c.protocol !== "saml"} />
          <SamlSteps sp={view.sp} />
        </>
      ) : (
        <>
          <Card id="oidc-sp" title="Register this redirect URI with your IdP" description="Our side of the OpenID Connect connection (from PUBLIC_URL).">
            <div className="grid gap-4 lg:grid-cols-2">
              <CopyField id="sp-redirect-uri" label="Redirect URI" value={view.sp.oidcRedirectUri} />
              <CopyField id="sp-oidc-sign-in-url" label="Sign-in URL (Initiate login URI)" value={view.sp.signInUrl} />
            </div>
          </Card>
          <OidcForm view={view} activeElsewhere={c !== null && c.protocol !== "oidc"} />
          <OidcSteps sp={view.sp} />
        </>
      )}
      {c !== null && <OptionsCard view={view} />}
    </div>
  );
}
