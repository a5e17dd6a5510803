"use client";

import Link from "next/link";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import type { SecurityState } from "@/lib/security/get-security-state";
import { CopyField } from "./copy-field";
import { useSecurityState } from "./security-query";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

interface Row {
  href: string;
  title: string;
  status: string;
  tone: "good" | "warn" | "neutral";
  detail: string;
}

function rows(state: SecurityState): Row[] {
  const plan = state.plan;
  const validated = state.validatedDomains.length;
  const pending = state.domains.length - validated;
  return [
    {
      href: "/security/directory",
      title: "Directory Integration",
      status: plan?.diEnabled ? "On" : "Off",
      tone: plan?.diEnabled ? "good" : "warn",
      detail: plan?.scimEnabled
        ? "Whether your IdP decides seats, the DI preview, and the Okta setup steps."
        : "SCIM support is not enabled for the plan yet. The Okta setup steps are here.",
    },
    {
      href: "/security/domains",
      title: "Domains",
      status: `${validated} validated`,
      tone: validated > 0 ? "good" : "warn",
      detail: pending > 0 ? `${plural(pending, "domain")} waiting for verification.` : "The email domains your organisation owns.",
    },
    {
      href: "/security/tokens",
      title: "SCIM tokens",
      status: `${state.activeTokens} of ${state.maxActiveTokens} active`,
      tone: state.activeTokens > 0 ? "good" : "warn",
      detail: "The API tokens your IdP sends, and the SCIM base URL.",
    },
    {
      href: "/security/plan",
      title: "Plan switches",
      status: plan ? `UAP ${plan.uapEnabled ? "on" : "off"}` : "No plan",
      tone: "neutral",
      detail: plan
        ? `Contributor auto-upgrade ${plan.autoUpgrade ? "on" : "off"}; Provisional Member policy ${plan.provisionalPolicy === "auto-upgrade" ? "upgrade to Member" : "admin approval"}, ${plural(plan.reviewDays, "day")} of review.`
        : "How people join the plan and how Provisional Members are handled.",
    },
  ];
}

/** One line per sub-page with its live state, so the overview says where to go next. */
export function SecuritySummary({ initialState, baseUrl }: { initialState: SecurityState; baseUrl: string }) {
  const state = useSecurityState(initialState);
  return (
    <Card id="security-summary" title="Settings">
      {/* What an admin most often comes back to copy into the IdP. */}
      <div className="mb-2">
        <CopyField id="overview-scim-base-url" label="SCIM base URL" value={baseUrl} />
      </div>
      <ul className="divide-y divide-slate-100">
        {rows(state).map((row) => (
          <li key={row.href} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-baseline sm:gap-4">
            <div className="flex w-56 shrink-0 flex-wrap items-baseline gap-2">
              <Link href={row.href} className="text-sm font-semibold text-blue-700 underline-offset-2 hover:underline">
                {row.title}
              </Link>
              <StatusBadge tone={row.tone}>{row.status}</StatusBadge>
            </div>
            <p className="min-w-0 flex-1 text-sm text-slate-600">{row.detail}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
