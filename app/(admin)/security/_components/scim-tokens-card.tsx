"use client";

import { useMutation } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { TableHead, TableRows } from "@/components/ui/table-parts";
import { useCallback, useMemo, useRef, useState, type FormEvent } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(admin)/security/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { StatusBadge } from "@/components/ui/status-badge";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { fieldError } from "@/lib/action-result";
import type { SecurityState } from "@/lib/security/get-security-state";
import type { CreatedToken } from "@/lib/tokens/create-token";
import type { TokenView } from "@/lib/tokens/token-view";
import { CopyField, focusControl } from "./copy-field";
import { DateTime } from "./date-time";
import { MessageText, plainMessage } from "./message-text";
import { SECURITY_QUERY_KEY, unwrap, useInvalidate, useSecurityState } from "./security-query";

const MAX_EXPIRY_DAYS = 3650;

function validate(name: string, days: string): { name?: string; days?: string } {
  const errors: { name?: string; days?: string } = {};
  if (name.trim() === "") errors.name = "Give the token a name, e.g. Okta production.";
  else if (name.trim().length > 100) errors.name = "The name must be at most 100 characters.";
  if (days.trim() !== "") {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > MAX_EXPIRY_DAYS) {
      errors.days = `Enter a whole number of days from 1 to ${MAX_EXPIRY_DAYS}, or leave it empty for no expiry.`;
    }
  }
  return errors;
}

/** Generate: a form, then the token shown this once (docs/product.md §6). */
function GenerateTokenDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (name: string) => void;
}) {
  const invalidate = useInvalidate();
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [errors, setErrors] = useState<{ name?: string; days?: string }>({});
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const create = useMutation({
    mutationFn: (input: { name: string; expiresInDays?: number }) => unwrap(createTokenAction(input)),
    onSuccess: async (token) => {
      setCreated(token);
      onCreated(token.name);
      await invalidate.security();
    },
    // The server's own check of a field (lib's schema) goes beside that field.
    onError: (error) => {
      const name = fieldError(error, "name");
      const days = fieldError(error, "expiresInDays");
      setErrors({ ...(name ? { name: plainMessage(name) } : {}), ...(days ? { days: plainMessage(days) } : {}) });
    },
  });
  const fieldRefused = Boolean(fieldError(create.error, "name") || fieldError(create.error, "expiresInDays"));

  const close = () => {
    // Forget the token as soon as the dialog closes: it is never shown again.
    setCreated(null);
    setName("");
    setDays("");
    setErrors({});
    create.reset();
    onOpenChange(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(name, days);
    setErrors(found);
    if (found.name || found.days) return;
    create.mutate({ name: name.trim(), ...(days.trim() ? { expiresInDays: Number(days) } : {}) });
  };

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      {created ? (
        <DialogContent
          title={`Token “${created.name}” generated`}
          description="Copy it now and paste it into Okta's API Token field (Provisioning › Integration)."
          preventDismiss
          hideClose
        >
          <CopyField id="new-token" label="SCIM API token" value={created.token} copyLabel="Copy the token" />
          <Alert tone="warn">
            <strong>This token cannot be shown again.</strong> Only a hash of it is kept. If you lose it, revoke it and
            generate a new one.
          </Alert>
          <p className="text-slate-700">
            {created.expiresAt === null ? (
              "It does not expire: revoke it when you no longer need it."
            ) : (
              <>
                It expires on <DateTime at={created.expiresAt} />: generate its replacement before then.
              </>
            )}
          </p>
          <DialogFooter>
            <Button onClick={close}>Done, I have copied it</Button>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent
          title="Generate a SCIM API token"
          description="Okta sends it with every SCIM request. It is shown once, right after you generate it."
          preventDismiss={create.isPending}
        >
          <form id="generate-token-form" onSubmit={submit} noValidate className="flex flex-col gap-3">
            <Field
              id="token-name"
              label="Name"
              hint="Says where it is used, e.g. Okta production."
              value={name}
              onChange={(event) => setName(event.target.value)}
              error={errors.name}
              maxLength={100}
              autoComplete="off"
            />
            <Field
              id="token-expiry"
              label="Expires after (days, optional)"
              hint={`Leave empty for a token that does not expire; otherwise 1 to ${MAX_EXPIRY_DAYS}. Provisioning stops when it expires.`}
              value={days}
              onChange={(event) => setDays(event.target.value)}
              error={errors.days}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_EXPIRY_DAYS}
              step={1}
              className="max-w-xs"
            />
          </form>
          {create.error && !fieldRefused && (
            <Alert tone="error">
              <MessageText text={create.error.message} />
            </Alert>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" form="generate-token-form" disabled={create.isPending}>
              {create.isPending ? "Generating…" : "Generate token"}
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}

/**
 * One revoke confirmation for the card, not one per row: the revoked token's row leaves the
 * active table when the list refreshes, and the dialog must outlive it to return focus.
 */
function RevokeTokenDialog({
  token,
  onClose,
  onlyActive,
  diEnabled,
  onRevoked,
}: {
  token: TokenView | null;
  onClose: () => void;
  onlyActive: boolean;
  diEnabled: boolean;
  onRevoked: (name: string) => void;
}) {
  const revoked = useRef(false);
  const revoke = useActionMutation({
    action: (id: string) => revokeTokenAction({ id }),
    // Refresh first, so Generate token is enabled again when focus moves to it.
    invalidate: SECURITY_QUERY_KEY,
    onSuccess: (view) => {
      revoked.current = true;
      onRevoked(view.name);
      onClose();
    },
  });
  return (
    <ConfirmActionDialog
      open={token !== null}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      title={`Revoke token “${token?.name ?? ""}”?`}
      description="Every SCIM request with it is refused (401) from now on. This cannot be undone."
      onCloseAutoFocus={(event) => {
        if (!revoked.current) return;
        revoked.current = false;
        // Its row has left the active list: continue at Generate token.
        event.preventDefault();
        focusControl("generate-token");
      }}
      mutation={revoke}
      onConfirm={() => {
        if (token) revoke.mutate(token.id);
      }}
      cancelLabel="Keep it"
      confirmLabel="Revoke token"
      pendingLabel="Revoking…"
      renderError={(error) => (
        <Alert tone="error">
          <MessageText text={error.message} />
        </Alert>
      )}
    >
      {onlyActive && (
        <Alert tone="warn">
          It is the only active token: {diEnabled ? "your IdP can no longer provision users" : "your IdP will not be able to provision users"}{" "}
          until you generate a new token and enter it in Okta.
        </Alert>
      )}
    </ConfirmActionDialog>
  );
}

const STATUS = {
  active: <StatusBadge tone="good">Active</StatusBadge>,
  expired: <StatusBadge tone="warn">Expired</StatusBadge>,
  revoked: <StatusBadge tone="neutral">Revoked</StatusBadge>,
} as const;

const column = createColumnHelper<TokenView>();

function TokensTable({
  tokens,
  caption,
  onRevoke,
}: {
  tokens: TokenView[];
  caption: string;
  onRevoke: (token: TokenView) => void;
}) {
  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: "Name",
        cell: (info) => <span className="font-medium break-words text-slate-900">{info.getValue()}</span>,
      }),
      column.accessor("createdAt", {
        header: "Created",
        cell: (info) => (
          <span className="flex flex-col">
            <span className="whitespace-nowrap">
              <DateTime at={info.getValue()} />
            </span>
            <span className="text-xs break-words text-slate-600">by {info.row.original.createdBy}</span>
          </span>
        ),
      }),
      column.accessor("lastUsedAt", {
        header: "Last used",
        cell: (info) => {
          const at = info.getValue();
          return at === null ? <span className="text-slate-500">Never</span> : <span className="whitespace-nowrap"><DateTime at={at} /></span>;
        },
      }),
      column.accessor("expiresAt", {
        header: "Expires",
        cell: (info) => {
          const at = info.getValue();
          return at === null ? <span className="text-slate-500">Never</span> : <span className="whitespace-nowrap"><DateTime at={at} /></span>;
        },
      }),
      column.accessor("status", {
        header: "Status",
        cell: (info) => (
          <span className="flex flex-col items-start gap-0.5">
            {STATUS[info.getValue()]}
            {info.row.original.revokedAt !== null && (
              <span className="text-xs text-slate-600">
                <DateTime at={info.row.original.revokedAt} withTime={false} />
                {info.row.original.revokedBy && <> by {info.row.original.revokedBy}</>}
              </span>
            )}
          </span>
        ),
      }),
      column.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: (info) =>
          info.row.original.status === "active" ? (
            <Button size="sm" variant="secondary" onClick={() => onRevoke(info.row.original)}>
              Revoke<span className="sr-only"> token {info.row.original.name}</span>
            </Button>
          ) : null,
      }),
    ],
    [onRevoke],
  );
  const table = useReactTable({ data: tokens, columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.id });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <TableHead table={table} className="border-b border-slate-200 text-slate-600" cellClassName="py-2 pr-4 font-medium whitespace-nowrap" />
        <tbody className="divide-y divide-slate-100">
          <TableRows
            table={table}
            rowProps={(row) => ({ "data-token": row.original.name, className: "align-top" })}
            cellClassName="py-2 pr-4 text-slate-700"
          />
        </tbody>
      </table>
    </div>
  );
}

export function ScimTokensCard({ initialState, baseUrl }: { initialState: SecurityState; baseUrl: string }) {
  const state = useSecurityState(initialState);
  const [generating, setGenerating] = useState(false);
  const [showInactive, setShowInactive] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const active = state.tokens.filter((t) => t.status === "active");
  const inactive = state.tokens.filter((t) => t.status !== "active");
  const full = state.activeTokens >= state.maxActiveTokens;
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const startRevoke = useCallback((token: TokenView) => {
    setNotice(null);
    setRevoking(token);
  }, []);

  return (
    <Card
      id="scim-tokens"
      title="SCIM API tokens"
      description="Okta (or Microsoft Entra ID) authenticates every SCIM request with one of these tokens. Only a hash is kept, so a token is shown once, when it is generated."
    >
      <div className="flex flex-col gap-4">
        <CopyField id="scim-base-url" label="SCIM base URL" value={baseUrl} />

        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Button
            id="generate-token"
            onClick={() => {
              setNotice(null);
              setGenerating(true);
            }}
            disabled={full}
            aria-describedby="token-limit"
          >
            Generate token
          </Button>
          <p id="token-limit" className={full ? "text-sm text-amber-800" : "text-sm text-slate-600"}>
            {full ? (
              <>
                {state.activeTokens} of {state.maxActiveTokens} tokens are active, the most allowed: revoke one before
                generating another.
              </>
            ) : (
              <>
                {state.activeTokens} of {state.maxActiveTokens} active. Two can be active at once so you can rotate without
                downtime: generate the new token, enter it in Okta, then revoke the old one.
              </>
            )}
          </p>
        </div>

        {notice && <Alert tone="success">{notice}</Alert>}

        {active.length === 0 ? (
          <p className="text-sm text-slate-600">No active token: Okta cannot connect until you generate one.</p>
        ) : (
          <TokensTable tokens={active} caption="Active SCIM tokens" onRevoke={startRevoke} />
        )}

        {inactive.length > 0 && (
          <div>
            <Button variant="ghost" size="sm" aria-expanded={showInactive} onClick={() => setShowInactive((v) => !v)}>
              {showInactive ? "Hide" : "Show"} {inactive.length} revoked or expired {inactive.length === 1 ? "token" : "tokens"}
            </Button>
            {showInactive && (
              <div className="mt-2">
                <TokensTable tokens={inactive} caption="Revoked and expired SCIM tokens" onRevoke={startRevoke} />
              </div>
            )}
          </div>
        )}
      </div>
      <RevokeTokenDialog
        token={revoking}
        onClose={() => setRevoking(null)}
        onlyActive={state.activeTokens === 1}
        diEnabled={state.plan?.diEnabled ?? false}
        onRevoked={(name) => setNotice(`Token “${name}” revoked: requests with it are refused (401).`)}
      />
      <GenerateTokenDialog
        open={generating}
        onOpenChange={setGenerating}
        onCreated={(name) => setNotice(`Token “${name}” is active. Okta uses it once you paste it into its API Token field.`)}
      />
    </Card>
  );
}
