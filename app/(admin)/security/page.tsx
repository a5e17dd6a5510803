import type { Metadata } from "next";
import type { ReactNode } from "react";
import { adminContext } from "@/app/_auth/require-admin";
import { publicOrigin } from "@/app/_server/origin";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { StatusBadge } from "@/components/ui/status-badge";
import { getPlan } from "@/lib/plan/get-plan";
import { getSetupChecklist } from "@/lib/overview/get-setup-checklist";
import { CHECKLIST_COPY } from "./checklist-copy";

export const metadata: Metadata = { title: "Security & Controls" };

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.8125rem] break-all text-slate-800">{children}</code>;
}

function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          readOnly
          value={value}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm text-slate-900"
        />
        <CopyButton value={value} label={`Copy ${label}`} />
      </div>
    </div>
  );
}

export default async function SecurityPage() {
  const { db } = await adminContext();
  const checklist = getSetupChecklist(db);
  const plan = getPlan(db);
  const baseUrl = `${await publicOrigin()}/scim/v2`;

  const oktaSteps: ReactNode[] = [
    "Sign in to the Okta Admin Console.",
    <>
      Go to <strong>Applications › Applications › Browse App Catalog</strong>, search for the SCIM app for this
      product and select it (or create an app integration with SCIM provisioning).
    </>,
    <>
      Enter an application label, for example <em>Admin Center</em>.
    </>,
    "Set the Sign-On Options. For SAML SSO, select View Setup Instructions and complete the SAML configuration.",
    <>
      Under <strong>Advanced Sign-on Settings › Credential Details</strong>, choose <strong>Email</strong> as the
      Application username format, then select Done. This email is the user&apos;s account on the plan.
    </>,
    <>
      Open the <strong>Provisioning</strong> tab and select <strong>Configure API Integration</strong>.
    </>,
    <div key="base-url" className="flex flex-col gap-2">
      <span>
        Select <strong>Enable API Integration</strong> and enter the Base URL:
      </span>
      <CopyField id="okta-base-url" label="Base URL for Okta" value={baseUrl} />
    </div>,
    <>
      Paste the SCIM API token into <strong>API Token</strong> and select <strong>Test API Credentials</strong>. Okta
      confirms that the app was verified successfully.
    </>,
    <>
      Select <strong>Save</strong>. On the Provisioning tab, under <strong>Settings</strong>, select{" "}
      <strong>To App</strong>.
    </>,
    <>
      Select <strong>Edit</strong>, enable Create Users, Update User Attributes and Deactivate Users, and save.
    </>,
    <>
      On the <strong>Assignments</strong> tab, assign the app to the people who need it. Users assigned with no role
      get a Contributor seat.
    </>,
    <>
      Put users in the Okta groups that grant roles (for example, Licensed User for a Member seat), so their seats
      follow at each sync.
    </>,
  ];

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Security &amp; Controls</h1>
        <p className="mt-1 text-sm text-slate-600">
          Connect your identity provider over SCIM so it decides who is on the plan and which seat they hold.
        </p>
      </div>

      <Card
        id="checklist"
        title="Setup checklist"
        description={`${checklist.done} of ${checklist.total} required steps done. Each shows its live state.`}
      >
        <ol className="divide-y divide-slate-100">
          {checklist.items.map((item, index) => {
            const copy = CHECKLIST_COPY[item.step];
            return (
              <li key={item.step} className="flex flex-col gap-1.5 py-3 sm:flex-row sm:gap-4" data-step={item.step}>
                <div className="w-28 shrink-0">
                  {item.done ? (
                    <StatusBadge tone="good">Done</StatusBadge>
                  ) : item.optional ? (
                    <StatusBadge tone="neutral">Optional</StatusBadge>
                  ) : (
                    <StatusBadge tone="warn">To do</StatusBadge>
                  )}
                </div>
                <div className="min-w-0 flex-1">
                  <h3 className="text-sm font-semibold text-slate-900">
                    {index + 1}. {copy.title}
                  </h3>
                  <p className="mt-0.5 text-sm text-slate-700">{item.detail}</p>
                  {!item.done && (
                    <div className="mt-1 text-sm text-slate-600">
                      <p>{copy.how}</p>
                      {copy.commands && (
                        <pre className="mt-1.5 rounded-md whitespace-pre-wrap break-words bg-slate-100 px-3 py-2 font-mono text-[0.8125rem] leading-6 text-slate-800">
                          {copy.commands.join("\n")}
                        </pre>
                      )}
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
        {plan && (
          <p className="mt-3 border-t border-slate-100 pt-3 text-sm text-slate-600">
            User auto-provisioning (UAP) is <strong>{plan.uapEnabled ? "on" : "off"}</strong>: when on, anyone with an
            email on a validated domain who signs in joins the plan.{" "}
            {plan.uapEnabled && (
              <>
                If people should join only through Okta, turn it off: <Code>npm run admin -- settings set uap off</Code>
              </>
            )}
          </p>
        )}
      </Card>

      <Card
        id="scim-endpoint"
        title="SCIM endpoint"
        description="Okta (or Microsoft Entra ID) sends users and groups here, authenticated with a SCIM API token."
      >
        <CopyField id="scim-base-url" label="SCIM base URL" value={baseUrl} />
      </Card>

      <Card id="okta-steps" title="Configure Okta" description="In the Okta Admin Console, in this order:">
        <ol className="flex list-decimal flex-col gap-3 pl-6 text-sm text-slate-800 marker:font-medium marker:text-slate-500">
          {oktaSteps.map((step, index) => (
            <li key={index} className="pl-1">
              {step}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
