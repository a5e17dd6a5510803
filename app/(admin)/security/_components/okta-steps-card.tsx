import Link from "next/link";
import type { ReactNode } from "react";
import { CopyField } from "./copy-field";
import { StepsCard } from "./steps-card";

/** The Okta Admin Console steps that connect Okta to this plan's SCIM service, in order. */
export function OktaStepsCard({ baseUrl }: { baseUrl: string }) {
  const steps: ReactNode[] = [
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
      Paste the SCIM API token (generate it under{" "}
      <Link href="/security/tokens" className="font-medium text-blue-700 hover:underline">
        SCIM tokens
      </Link>
      ) into <strong>API Token</strong> and select <strong>Test API Credentials</strong>. Okta confirms that the app was
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
    <StepsCard id="okta-steps" title="Configure Okta" description="In the Okta Admin Console, in this order:" steps={steps} />
  );
}
