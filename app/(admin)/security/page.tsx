import type { Metadata } from "next";
import type { ReactNode } from "react";
import { adminContext } from "@/app/_auth/require-admin";
import { publicOrigin } from "@/app/_server/origin";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { CopyField } from "@/app/(admin)/security/_components/copy-field";
import { DirectoryIntegrationCard } from "@/app/(admin)/security/_components/directory-integration-card";
import { DomainsCard } from "@/app/(admin)/security/_components/domains-card";
import { PlanSwitchesCard } from "@/app/(admin)/security/_components/plan-switches-card";
import { ScimTokensCard } from "@/app/(admin)/security/_components/scim-tokens-card";
import { SetupChecklist } from "@/app/(admin)/security/_components/setup-checklist";
import { getSecurityState } from "@/lib/security/get-security-state";

export const metadata: Metadata = { title: "Security & Controls" };

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.8125rem] break-all text-slate-800">{children}</code>;
}

export default async function SecurityPage() {
  const { db } = await adminContext();
  const state = getSecurityState(db);
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
      Paste the SCIM API token (generate it under <a href="#scim-tokens" className="font-medium text-blue-700 hover:underline">SCIM API tokens</a>)
      into <strong>API Token</strong> and select <strong>Test API Credentials</strong>. Okta confirms that the app was
      verified successfully. Directory Integration must be on: while it is off, the test is refused (403).
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

      {!state.plan && (
        <Alert tone="warn">
          This installation has no plan yet. Create it with the operator CLI:{" "}
          <Code>npm run admin -- plan set --name &quot;Acme&quot; --primary-email it@acme.example</Code>
        </Alert>
      )}

      <SetupChecklist initialState={state} />
      <DirectoryIntegrationCard initialState={state} />
      <DomainsCard initialState={state} />
      <ScimTokensCard initialState={state} baseUrl={baseUrl} />
      <PlanSwitchesCard initialState={state} />

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
