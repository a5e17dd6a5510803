"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { addDomainAction, removeDomainAction, verifyDomainAction } from "@/app/(admin)/security/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { Field } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import type { DomainView } from "@/lib/domains/domain-view";
import type { DomainRemoval } from "@/lib/domains/remove-domain";
import type { VerifyDomainEvidence } from "@/lib/domains/verify-domain-with-evidence";
import type { SecurityState } from "@/lib/security/get-security-state";
import { CopyField, focusControl } from "./copy-field";
import { DateTime } from "./date-time";
import { MessageText, plainMessage } from "./message-text";
import { unwrap, useInvalidate, useSecurityState } from "./security-query";

const LAST_CHECK: Record<string, string> = {
  "no-record": "no record yet",
  "wrong-value": "the record had a wrong value",
  "dns-error": "DNS did not answer",
  verified: "verified",
};

/** The outcome of Verify, in words a System Admin can act on (docs/product.md §5). */
function VerifyResult({ result }: { result: VerifyDomainEvidence }) {
  switch (result.result) {
    case "verified":
      return (
        <Alert tone="success">
          <strong>Verified.</strong> {result.domain} is a validated domain: SCIM users and UAP sign-ins on it are accepted.
        </Alert>
      );
    case "no-record":
      return (
        <Alert tone="warn">
          <strong>No record yet.</strong> DNS has no TXT record at <code className="font-mono break-all">{result.record.name}</code>.
          Publish the record above at your DNS host, wait for DNS to update (minutes, sometimes an hour), then verify again.
        </Alert>
      );
    case "wrong-value":
      return (
        <Alert tone="error">
          <p>
            <strong>Wrong value.</strong> The TXT record at <code className="font-mono break-all">{result.record.name}</code>{" "}
            does not hold the expected value. Change it at your DNS host, then verify again.
          </p>
          <dl className="mt-2 grid gap-x-3 gap-y-1 sm:grid-cols-[auto_1fr]">
            <dt className="font-medium">Found</dt>
            <dd className="min-w-0">
              {result.found.map((value, index) => (
                <code key={index} className="block font-mono break-all">
                  {value === "" ? "(empty)" : value}
                </code>
              ))}
            </dd>
            <dt className="font-medium">Expected</dt>
            <dd className="min-w-0">
              <code className="block font-mono break-all">{result.record.value}</code>
            </dd>
          </dl>
        </Alert>
      );
    case "dns-error":
      return (
        <Alert tone="error">
          <strong>DNS did not answer.</strong> <MessageText text={result.detail} />
        </Alert>
      );
  }
}

/** Where a removal Directory Integration refuses is unblocked (the rule itself is lib/domains/remove-domain.ts). */
const UNBLOCK = { href: "/security/directory#di-switch", label: "Go to Directory Integration" };

function DomainItem({
  domain,
  state,
  onRemoved,
}: {
  domain: DomainView;
  state: SecurityState;
  onRemoved: (removed: { domain: string; uapTurnedOff: boolean }) => void;
}) {
  const invalidate = useInvalidate();
  const removal: DomainRemoval = state.domainRemovals[domain.name] ?? { effect: "removes" };
  const [result, setResult] = useState<VerifyDomainEvidence | null>(null);
  const [confirming, setConfirming] = useState(false);
  const moveFocusTo = useRef<string | null>(null);
  const verify = useMutation({
    mutationFn: () => unwrap(verifyDomainAction({ name: domain.name })),
    onSuccess: async (outcome) => {
      setResult(outcome);
      await invalidate.security();
    },
  });
  const remove = useActionMutation({
    action: () => removeDomainAction({ name: domain.name, confirmUapOff: removal.effect === "turns-uap-off" }),
    onSuccess: async (removed) => {
      // The item (and its Remove button) goes away: continue at the add-domain field.
      moveFocusTo.current = "domain-name";
      setConfirming(false);
      onRemoved(removed);
      await invalidate.security();
    },
  });
  const pending = domain.status === "pending";
  const slug = domain.name.replace(/[^a-z0-9]+/g, "-");

  return (
    <li className="flex flex-col gap-3 py-4" data-domain={domain.name} aria-label={domain.name}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-mono text-sm font-semibold break-all text-slate-900">{domain.name}</h3>
            {pending ? <StatusBadge tone="warn">Waiting for verification</StatusBadge> : <StatusBadge tone="good">Validated</StatusBadge>}
          </div>
          <p className="mt-0.5 text-xs text-slate-600">
            {domain.verifiedAt !== null ? (
              <>
                Validated <DateTime at={domain.verifiedAt} />
              </>
            ) : (
              <>
                Added <DateTime at={domain.createdAt} /> by {domain.createdBy}
                {domain.lastCheckedAt !== null && domain.lastCheckResult && (
                  <>
                    {" "}
                    · Last checked <DateTime at={domain.lastCheckedAt} />: {LAST_CHECK[domain.lastCheckResult] ?? domain.lastCheckResult}
                  </>
                )}
              </>
            )}
          </p>
        </div>
        <div className="flex gap-2">
          {pending && (
            <Button size="sm" onClick={() => verify.mutate()} disabled={verify.isPending}>
              {verify.isPending ? "Checking DNS…" : "Verify"}
              <span className="sr-only"> {domain.name}</span>
            </Button>
          )}
          <ConfirmActionDialog
            open={confirming}
            onOpenChange={setConfirming}
            trigger={
              <Button
                size="sm"
                variant="secondary"
                disabled={removal.effect === "refused"}
                aria-describedby={removal.effect === "refused" ? `remove-blocked-${slug}` : undefined}
              >
                Remove<span className="sr-only"> {domain.name}</span>
              </Button>
            }
            title={`Remove ${domain.name}?`}
            description={
              pending ? (
                "It is not validated yet. If you add it again, it gets a new TXT value to publish."
              ) : (
                <>
                  {removal.effect === "turns-uap-off" && (
                    <strong className="mb-2 block font-medium text-slate-900">
                      <MessageText text={`${removal.message}.`} />
                    </strong>
                  )}
                  It stops being a validated domain: SCIM requests for users whose primary email is on it are refused (400)
                  {removal.effect === "turns-uap-off" ? "" : ", and UAP no longer adds people from it"}. Adding it again needs a
                  new DNS check.
                </>
              )
            }
            onCloseAutoFocus={(event) => {
              const target = moveFocusTo.current;
              if (!target) return;
              moveFocusTo.current = null;
              event.preventDefault();
              focusControl(target);
            }}
            mutation={remove}
            onConfirm={() => remove.mutate()}
            cancelLabel="Keep it"
            confirmLabel={removal.effect === "turns-uap-off" ? "Remove domain and turn UAP off" : "Remove domain"}
            pendingLabel="Removing…"
            closeOnlyAfterError
            renderError={(error) => (
              <Alert tone="error">
                <MessageText text={error.message} />
              </Alert>
            )}
          />
        </div>
      </div>

      {removal.effect === "refused" && (
        <p id={`remove-blocked-${slug}`} className="text-sm text-slate-700">
          <span className="font-medium text-slate-900">Cannot be removed now: </span>
          <MessageText text={`${removal.message}.`} />{" "}
          <Link href={UNBLOCK.href} className="font-medium text-blue-700 underline-offset-2 hover:underline">
            {UNBLOCK.label}
          </Link>
        </p>
      )}

      {pending && (
        <div className="flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3">
          <p className="text-sm text-slate-700">
            At your DNS host, publish a record of type <strong>TXT</strong> with this name and value, then select Verify:
          </p>
          <div className="grid gap-3">
            <CopyField id={`txt-name-${slug}`} label="Name (host)" value={domain.record.name} copyLabel={`Copy the TXT record name for ${domain.name}`} />
            <CopyField id={`txt-value-${slug}`} label="Value" value={domain.record.value} copyLabel={`Copy the TXT record value for ${domain.name}`} />
          </div>
          <p className="text-xs text-slate-600">
            Some DNS hosts want only the part before the domain as the name (<code className="font-mono">{domain.record.name.slice(0, -(domain.name.length + 1))}</code>).
          </p>
        </div>
      )}

      <div aria-live="polite">
        {result && <VerifyResult result={result} />}
        {verify.error && (
          <Alert tone="error">
            <MessageText text={verify.error.message} />
          </Alert>
        )}
      </div>
    </li>
  );
}

export function DomainsCard({ initialState }: { initialState: SecurityState }) {
  const state = useSecurityState(initialState);
  const invalidate = useInvalidate();
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (domain: string) => unwrap(addDomainAction({ name: domain })),
    onSuccess: async (result) => {
      setName("");
      setNotice(`${result.domain} added. Publish its TXT record shown below, then select Verify.`);
      await invalidate.security();
    },
    onError: (error) => setFieldError(error.message),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const trimmed = name.trim();
    if (trimmed === "") {
      setFieldError("Enter a domain name, e.g. example.com.");
      return;
    }
    setFieldError(undefined);
    add.mutate(trimmed);
  };

  const primary = state.plan?.primaryDomain;
  return (
    <Card
      id="domains"
      title="Domains"
      description={
        <>
          Prove that your organisation owns each email domain its users sign in with, by publishing a DNS TXT record. SCIM
          users must have their primary email on a validated domain
          {primary && (
            <>
              ; Directory Integration also needs the plan&apos;s primary email domain (<strong>{primary}</strong>) validated
            </>
          )}
          .
        </>
      }
    >
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-2">
        <Field
          id="domain-name"
          label="Domain name"
          hint="For example acme.com: no https://, path or @."
          error={fieldError && plainMessage(fieldError)}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            if (fieldError) setFieldError(undefined);
          }}
          autoComplete="off"
          spellCheck={false}
          inputMode="url"
          className="min-w-0 flex-1 basis-64"
        />
        <Button type="submit" className="mt-6" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add domain"}
        </Button>
      </form>
      {notice && (
        <Alert tone="info" className="mt-3">
          {notice}
        </Alert>
      )}

      {state.domains.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No domain added yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" aria-label="Domains">
          {state.domains.map((domain) => (
            <DomainItem
              key={domain.id}
              domain={domain}
              state={state}
              onRemoved={({ domain: name, uapTurnedOff }) =>
                setNotice(
                  uapTurnedOff
                    ? `${name} removed, and user auto-provisioning (UAP) is now off: it needs a validated domain. Activity records both changes.`
                    : `${name} removed. Activity records who removed it.`,
                )
              }
            />
          ))}
        </ul>
      )}
    </Card>
  );
}
