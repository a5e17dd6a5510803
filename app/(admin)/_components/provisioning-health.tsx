import Link from "next/link";
import { LocalTime } from "@/components/activity/local-time";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import type { ProvisioningHealth, RequestCounts, RequestKind } from "@/lib/overview/get-provisioning-health";

const number = new Intl.NumberFormat("en");

const KIND_LABELS: { kind: RequestKind; label: string; hint: string }[] = [
  { kind: "create", label: "Creates", hint: "POST /Users" },
  { kind: "update", label: "Updates and deactivations", hint: "PUT, PATCH /Users/{id}" },
  { kind: "delete", label: "Deletions", hint: "DELETE /Users/{id}" },
  { kind: "group", label: "Group pushes", hint: "/Groups" },
  { kind: "read", label: "Reads", hint: "existence checks, imports" },
  { kind: "other", label: "Other", hint: "unknown endpoints and methods" },
  { kind: "unauthenticated", label: "Without a valid token", hint: "refused with 401" },
];

function Counts({ counts, period }: { counts: RequestCounts; period: "24h" | "7d" }) {
  return (
    <td className="py-2 pr-4 text-right whitespace-nowrap tabular-nums">
      {number.format(counts.requests)}
      <span className="text-slate-600"> / </span>
      {counts.failed > 0 ? (
        <Link href={`/activity?kind=scim&status=failed&period=${period}`} className="font-medium text-red-800 underline">
          {number.format(counts.failed)} failed
        </Link>
      ) : (
        <span className="text-slate-600">0 failed</span>
      )}
    </td>
  );
}

/** SCIM traffic by kind over 24 hours and 7 days, and each active token's last request (issue 13). */
export function ProvisioningHealthCard({ health }: { health: ProvisioningHealth }) {
  const shown = KIND_LABELS.filter(({ kind }) => health.week.byKind[kind].requests > 0 || kind !== "other");
  return (
    <Card
      id="provisioning-health"
      title="Provisioning health"
      description="SCIM requests from the identity provider, and how many failed (status 400 or above)."
      actions={
        <Link href="/activity?kind=scim" className="text-sm font-medium text-blue-800 underline hover:text-blue-900">
          See SCIM requests
        </Link>
      }
    >
      <div className="flex flex-col gap-5">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">SCIM requests and failures by kind</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Kind
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Last 24 hours
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Last 7 days
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map(({ kind, label, hint }) => (
                <tr key={kind} data-kind={kind}>
                  <th scope="row" className="py-2 pr-4 font-normal">
                    <span className="font-medium text-slate-900">{label}</span>{" "}
                    <span className="text-xs text-slate-600">{hint}</span>
                  </th>
                  <Counts counts={health.day.byKind[kind]} period="24h" />
                  <Counts counts={health.week.byKind[kind]} period="7d" />
                </tr>
              ))}
              <tr data-kind="total" className="border-t border-slate-200">
                <th scope="row" className="py-2 pr-4 font-semibold text-slate-900">
                  All requests
                </th>
                <Counts counts={health.day.total} period="24h" />
                <Counts counts={health.week.total} period="7d" />
              </tr>
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-600">
            Deactivations applied: {number.format(health.day.deactivations)} in the last 24 hours,{" "}
            {number.format(health.week.deactivations)} in 7 days (Okta and Entra ID send them as updates, so they are counted
            there too).
          </p>
        </div>

        <div>
          <h3 className="text-sm font-semibold text-slate-900">Last request of each active token</h3>
          {health.tokens.length === 0 ? (
            <p className="mt-1 text-sm text-slate-700">
              No active SCIM token: the identity provider cannot connect.{" "}
              <Link href="/security/tokens" className="font-medium underline">
                Generate a token
              </Link>
            </p>
          ) : (
            <ul className="mt-1 divide-y divide-slate-100">
              {health.tokens.map((token) => (
                <li key={token.tokenId} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm" data-token={token.name}>
                  <span className="font-medium break-words text-slate-900">{token.name}</span>
                  {token.last ? (
                    <span className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-1 text-slate-700">
                      <LocalTime at={token.last.at} />
                      <code className="font-mono text-xs break-all">
                        {token.last.method} {token.last.path}
                      </code>
                      {token.last.status >= 400 ? (
                        <StatusBadge tone="warn">{`Failed: ${token.last.status}`}</StatusBadge>
                      ) : (
                        <StatusBadge tone="good">{String(token.last.status)}</StatusBadge>
                      )}
                    </span>
                  ) : (
                    <span className="text-slate-600">Never used: not yet in the identity provider</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Card>
  );
}
