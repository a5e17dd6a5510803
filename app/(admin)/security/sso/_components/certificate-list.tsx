"use client";

import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import type { CertificateView } from "@/lib/sso/describe-certificate";
import { DateTime } from "@/app/(admin)/security/_components/date-time";

function expiryBadge(cert: CertificateView) {
  switch (cert.status) {
    case "expired":
      return <StatusBadge tone="warn">Expired</StatusBadge>;
    case "not-yet-valid":
      return <StatusBadge tone="warn">Not valid yet</StatusBadge>;
    case "expiring":
      return <StatusBadge tone="warn">{cert.daysLeft <= 0 ? "Expires today" : `Expires in ${cert.daysLeft} day${cert.daysLeft === 1 ? "" : "s"}`}</StatusBadge>;
    default:
      return <StatusBadge tone="good">Valid</StatusBadge>;
  }
}

/** The IdP's signing certificates: who each names, its expiry (warned 30 days ahead) and fingerprint; removable when `onRemove` is given. */
export function CertificateList({ certificates, onRemove }: { certificates: CertificateView[]; onRemove?: (index: number) => void }) {
  if (certificates.length === 0) return <p className="text-sm text-slate-600">No signing certificate saved yet.</p>;
  return (
    <ul className="flex flex-col gap-2" aria-label="Signing certificates">
      {certificates.map((cert, index) => (
        <li key={cert.fingerprint256} data-certificate={cert.fingerprint256} className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-slate-200 p-3 text-sm">
          <dl className="grid min-w-0 flex-1 basis-80 grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
            <dt className="text-slate-600">Subject</dt>
            <dd className="font-medium break-words text-slate-900">{cert.subject}</dd>
            <dt className="text-slate-600">Expires</dt>
            <dd className="flex flex-wrap items-center gap-2 text-slate-900">
              <DateTime at={cert.notAfter} withTime={false} /> {expiryBadge(cert)}
            </dd>
            <dt className="text-slate-600">SHA-256</dt>
            <dd className="font-mono text-xs break-all text-slate-800">{cert.fingerprint256}</dd>
          </dl>
          {onRemove && (
            <Button size="sm" variant="secondary" onClick={() => onRemove(index)}>
              Remove<span className="sr-only"> the certificate {cert.subject}</span>
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
