import type { Metadata } from "next";
import Link from "next/link";
import { adminContext } from "@/app/_auth/require-admin";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { getSsoTestResult } from "@/lib/sso/get-sso-test-result";
import { DateTime } from "@/app/(admin)/security/_components/date-time";

export const metadata: Metadata = { title: "Test sign-in result · Single sign-on" };

const protocolName = (p: string) => (p === "saml" ? "SAML 2.0" : "OpenID Connect");

function BackLinks() {
  return (
    <p className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
      <Link href="/security/sso" className="font-medium text-blue-700 hover:underline">
        ← Back to Single sign-on
      </Link>
      <a href="/sso/test" target="_blank" rel="noopener" className="font-medium text-blue-700 hover:underline">
        Run another test<span className="sr-only"> (opens a new tab)</span> ↗
      </a>
      <Link href="/activity?kind=auth" className="font-medium text-blue-700 hover:underline">
        Sign-ins in the activity log
      </Link>
    </p>
  );
}

/** What a Test sign-in saw (FLOW's /sso/test records it as the `sso.test` activity entry): identity, attributes, each check. */
export default async function SsoTestResultPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = await adminContext();
  const raw = (await searchParams).id;
  const id = typeof raw === "string" && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  const result = id === null ? undefined : await getSsoTestResult(db, id);
  if (!result) {
    return (
      <div className="flex flex-col gap-4">
        <Alert tone="warn">
          {id === null
            ? "This link names no test: open Test sign-in from the Single sign-on page."
            : `There is no test sign-in number ${id}: it may have been removed with old activity. Run the test again.`}
        </Alert>
        <BackLinks />
      </div>
    );
  }
  const attributes = Object.entries(result.attributes);
  return (
    <div className="flex flex-col gap-6">
      <Card
        id="sso-test-result"
        title={
          <span className="flex flex-wrap items-center gap-2">
            Test sign-in result {result.ok ? <StatusBadge tone="good">Passed</StatusBadge> : <StatusBadge tone="warn">Refused</StatusBadge>}
          </span>
        }
        description={
          <>
            {protocolName(result.protocol)}, tested by {result.testedBy} on <DateTime at={result.at} />. No session was created.
          </>
        }
      >
        <div className="flex flex-col gap-4">
          {result.error && (
            <Alert tone="error">
              <strong>Refused:</strong> {result.error}
            </Alert>
          )}
          <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_minmax(0,1fr)]">
            <dt className="text-slate-600">Subject ({result.protocol === "saml" ? "NameID" : "sub"})</dt>
            <dd className="font-mono break-all text-slate-900">{result.subject ?? "—"}</dd>
            <dt className="text-slate-600">Email</dt>
            <dd className="break-all text-slate-900">{result.email ?? "— (none: the IdP must send the email as NameID, attribute or claim)"}</dd>
            <dt className="text-slate-600">What a real sign-in would do</dt>
            <dd className="text-slate-900">{result.wouldSignIn ?? "be refused"}</dd>
          </dl>
        </div>
      </Card>

      <Card id="sso-test-checks" title="Checks">
        {result.checks.length === 0 ? (
          <p className="text-sm text-slate-600">No check ran: the response was refused before it could be read.</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {result.checks.map((check, index) => (
              <li key={`${check.name}-${index}`} data-check={check.name} className="flex gap-2">
                <span aria-hidden="true" className={check.ok ? "font-bold text-emerald-700" : "font-bold text-red-700"}>
                  {check.ok ? "✓" : "✗"}
                </span>
                <span className="min-w-0 break-words">
                  <span className="sr-only">{check.ok ? "Passed: " : "Failed: "}</span>
                  <strong>{check.name}</strong>: {check.detail}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card id="sso-test-attributes" title={result.protocol === "saml" ? "Attributes" : "Claims"} description={result.protocol === "saml" ? "What the assertion's AttributeStatement carried." : "What the ID token carried."}>
        {attributes.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{result.protocol === "saml" ? "Attributes" : "Claims"} sent by the IdP</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                  <th scope="col" className="py-2 font-medium">Value</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {attributes.map(([name, values]) => (
                  <tr key={name} className="align-top">
                    <td className="py-2 pr-4 font-mono text-xs break-all text-slate-800">{name}</td>
                    <td className="py-2 break-all text-slate-900">{values.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <BackLinks />
    </div>
  );
}
